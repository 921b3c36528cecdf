import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import type { GroupInfo } from "../user-admin/cognito-user-admin.ts";

export interface GroupChoicesProps {
  groups: GroupInfo[];
  /** Names ticked. */
  checked: readonly string[];
  /** Names ticked and not to be unticked here (an admin's own admins group): sent as hidden. */
  locked?: readonly string[];
  /** Show the "Groups" legend (hidden where a heading already says it; still read out). */
  showLegend?: boolean;
}

/** What the admins group means here, where the pool gives no description. */
const ADMINS_MEANING = "Can open the admin page and manage people.";

/**
 * The pool's groups as checkboxes named `groups`, each with its description.
 * @example <GroupChoices groups={[{ name: "admins", description: "" }]} checked={[]} />
 */
export function GroupChoices({
  groups,
  checked,
  locked = [],
  showLegend = true,
}: GroupChoicesProps) {
  if (groups.length === 0) return <p class="muted small">This pool has no groups.</p>;
  return (
    <fieldset class="choices">
      <legend class={showLegend ? undefined : "visually-hidden"}>Groups</legend>
      {groups.map((group, i) => {
        const id = `group-${i}`;
        const isLocked = locked.includes(group.name);
        const about =
          group.description || (group.name === ADMINS_GROUP ? ADMINS_MEANING : undefined);
        return (
          <div class="choice">
            <input
              id={id}
              type="checkbox"
              name={isLocked ? undefined : "groups"}
              value={group.name}
              checked={checked.includes(group.name)}
              disabled={isLocked}
              aria-describedby={about || isLocked ? `${id}-about` : undefined}
            />
            {isLocked && <input type="hidden" name="groups" value={group.name} />}
            <label for={id}>{group.name}</label>
            {(about || isLocked) && (
              <p id={`${id}-about`} class="hint">
                {isLocked ? "You cannot remove yourself from this group." : about}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
