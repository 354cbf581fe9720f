// The pilot settings as the settings screen groups them (one fieldset per
// group, in this order), and each setting's label and hint: string
// setting_<key with "." as "_"> and …_hint in app/strings/pilot_settings.js.
// A setting the server lists but the client does not know lands in the last
// group under its key, so nothing the server offers is hidden.
import { t } from '../i18n.js';

export const groups = [
  { id: 'network_size', keys: ['matching.min_size', 'matching.max_size', 'matching.min_shared_slots', 'matching.target_shared_slots',
    'matching.max_travel_km'] },
  { id: 'weights', keys: ['matching.weight_goal', 'matching.weight_skill', 'matching.weight_schedule', 'matching.weight_place',
    'matching.weight_lonely', 'matching.weight_repeat'] },
  { id: 'rhythm', keys: ['network.buddy_rotation_weeks', 'network.meeting_every_weeks'] },
  { id: 'triage_points', keys: ['triage.points_per_unemployed_week', 'triage.points_per_earlier_long_spell', 'triage.points_low_education',
    'triage.points_target_group_sick_listed', 'triage.points_target_group_flex_job', 'triage.points_target_group_young',
    'triage.points_expects_no_job', 'triage.points_expects_unsure', 'triage.points_limits_on_work', 'triage.points_not_confident',
    'triage.points_wants_caseworker', 'triage.points_no_network_wish'] },
  { id: 'triage_thresholds', keys: ['triage.sparring_from', 'triage.individual_from'] },
  { id: 'retention', keys: ['retention.chat_messages_days', 'retention.help_requests_days', 'retention.alerts_days',
    'retention.audit_log_days', 'retention.closed_accounts_days', 'retention.case_records_days',
    'retention.unaccepted_invitations_days'] },
  { id: 'dashboard', keys: ['dashboard.baseline_minutes_per_seeker_month'] },
];

const string_key = (key) => `setting_${String(key).replace(/\./g, '_')}`;

// The element id of a setting's input: "setting-matching-min_size".
export const input_id = (key) => `setting-${String(key).replace(/[^a-z0-9_]/gi, '-')}`;

// The string keys of a setting's label and hint, or null for one the client does not know.
export function label_key(key) {
  const name = string_key(key);
  return t(name) === name ? null : name;
}

export function hint_key(key) {
  const name = `${string_key(key)}_hint`;
  return t(name) === name ? null : name;
}

// A setting's label in the reader's language, else its key.
export function label_text(key) {
  const name = label_key(key);
  return name ? t(name) : String(key);
}

// The server's settings in the screen's groups: [{id, settings}], the
// unknown ones last in group "other".
export function grouped(settings) {
  const by_key = new Map(settings.map((setting) => [setting.key, setting]));
  const known = new Set(groups.flatMap(({ keys }) => keys));
  const out = groups
    .map(({ id, keys }) => ({ id, settings: keys.filter((key) => by_key.has(key)).map((key) => by_key.get(key)) }))
    .filter(({ settings: list }) => list.length > 0);
  const others = settings.filter((setting) => !known.has(setting.key));
  if (others.length > 0) out.push({ id: 'other', settings: others });
  return out;
}
