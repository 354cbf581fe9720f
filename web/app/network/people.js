// Who is who on the network page. GET /api/v1/my-network names the members
// with their account_id (older servers: only display_name), while the
// socket's events carry account_id and display_name; same_person() matches
// by id when both have one and by name otherwise.
export function same_person(a, b) {
  if (!a || !b) return false;
  const a_id = a.account_id ?? a.id;
  const b_id = b.account_id ?? b.id;
  if (Number.isInteger(a_id) && Number.isInteger(b_id)) return a_id === b_id;
  return String(a.display_name ?? '') !== '' && String(a.display_name) === String(b.display_name ?? '');
}

// A person's name as text (user content: always inserted as text).
export function name_of(person) {
  return String(person?.display_name ?? '');
}
