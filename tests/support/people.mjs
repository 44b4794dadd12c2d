// More people and companies for the admin tests than the demo company has:
// rows written straight into the database the server runs on (server.run,
// database.mjs) while it runs. Each new person signs in with the password of
// the demo account whose hash their row copies.
import assert from 'node:assert/strict';

// Values are the tests' own constants; this keeps them out of SQL's way.
function literal(text) {
  assert.match(text, /^[A-Za-z0-9 .@_-]+$/, `a plain test value: ${text}`);
  return `'${text}'`;
}

/**
 * Adds a person to company `company` (default: the demo company) whose
 * password is that of the demo account `password_of` ("admin" | "agent").
 * Resolves to {company, account, email, password, display_name}.
 */
export async function add_person(server, {username, email, display_name, role = 'agent', company, password_of = 'agent'}) {
  const company_name = company ?? server.demo.company;
  const source = server.demo[password_of];
  await server.run(
    'INSERT INTO users (company_id, username, email, display_name, role, password_hash, created_at)' +
    ` SELECT c.id, ${literal(username)}, ${literal(email)}, ${literal(display_name)}, ${literal(role)},` +
    ` u.password_hash, 0 FROM companies c, users u WHERE c.name = ${literal(company_name)}` +
    ` AND u.username = ${literal(source.account)}` +
    ` AND u.company_id = (SELECT id FROM companies WHERE name = ${literal(server.demo.company)})`);
  return {company: company_name, account: username, email, display_name, password: source.password};
}

/**
 * Adds a company `name` with an administrator `username` (the demo admin's
 * password). Resolves to that administrator as add_person does.
 */
export async function add_company_with_admin(server, {name, username, email}) {
  await server.run(
    `INSERT INTO companies (name, key, default_language, created_at) VALUES (${literal(name)}, ${literal(name.toLowerCase())}, 'en', 0)`);
  return add_person(server, {username, email, display_name: `${name} Admin`, role: 'admin', company: name, password_of: 'admin'});
}

// Signs `browser` in as `person` (from add_person) and checks it worked.
export async function sign_in_person(browser, person) {
  const answer = await browser.post('/api/session', {json: {company: person.company, account: person.account, password: person.password}});
  assert.equal(answer.status, 200, `sign-in of ${person.account}: ${answer.text}`);
  return answer;
}

/**
 * The second company of the cross-company tests: "Other" (key "other") with
 * its administrator "other-admin" (the demo admin's password). Resolves to
 * that administrator as add_person does.
 */
export function add_other_company(server) {
  return add_company_with_admin(server, {name: 'Other', username: 'other-admin', email: 'other-admin@other.example'});
}
