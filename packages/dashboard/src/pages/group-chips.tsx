/**
 * Group names as chips, or a muted "none".
 * @example <GroupChips groups={["admins"]} />
 */
export function GroupChips({ groups }: { groups: readonly string[] }) {
  if (groups.length === 0) return <span class="muted">none</span>;
  return (
    <span class="chips">
      {groups.map((group) => (
        <span class="chip">{group}</span>
      ))}
    </span>
  );
}
