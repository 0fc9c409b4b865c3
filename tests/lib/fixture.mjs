// The set-up most HTTP test files share: people in organisations, the
// organisations' ids, each person logged in with an HTML client and its
// JSON twin; and the check that a refused request wrote nothing. Each
// file still lists its own people, organisations and logins.
import assert from 'node:assert/strict';

import { addUser, sql, dataSnapshot } from './server.mjs';
import { Client, asJson } from './client.mjs';

// Adds people with `ravelin user add` (creating their organisations):
// rows of [email, organisation, role] or [email, organisation, role, name];
// without a name a person is named after their email's local part
// ("owner-b@example.test" is "owner-b"). Returns the user ids in the
// rows' order (a person added to a second organisation keeps one id).
export function addPeople(dataDir, password, rows) {
  return rows.map(([email, org, role, name = email.split('@')[0]]) =>
    addUser(dataDir, { email, org, role, password, name }));
}

// The id of the organisation with this name.
export function orgId(dataDir, name) {
  return Number(sql(dataDir, `SELECT id FROM orgs WHERE name = '${name.replaceAll("'", "''")}'`));
}

// Logs people in on a server, one after the other, each with a fresh
// Client: people maps a key to an email. Puts the HTML client in
// html[key] and, when json is given, its JSON twin (asJson) in json[key].
export async function logInEach(base, password, people, html, json = null) {
  for (const [key, email] of Object.entries(people)) {
    html[key] = new Client(base);
    await html[key].login(email, password);
    if (json) json[key] = asJson(html[key]);
  }
}

// Runs action and asserts that the data folder's stored data
// (dataSnapshot) is as it was before; returns what action returned.
export async function assertUnchanged(dataDir, what, action) {
  const before = dataSnapshot(dataDir);
  const result = await action();
  assert.equal(dataSnapshot(dataDir), before, `${what} changed stored data`);
  return result;
}
