import {
  CognitoIdentityProviderClient,
  ListUserPoolClientsCommand,
} from "@aws-sdk/client-cognito-identity-provider";

// For scale: the Cognito SDK client and one command, nothing else, bundled like the handlers.
const client = new CognitoIdentityProviderClient({});

export const handler = () => client.send(new ListUserPoolClientsCommand({ UserPoolId: "x" }));
