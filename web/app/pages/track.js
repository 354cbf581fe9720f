// The seeker's course page (track.html): "Din egen vurdering" — the
// self-assessment form — and "Dit spor" — the decided track with Kreds'
// suggestion, the factors in words, the reason and the history. Both load
// again on a language change (questions and factors come from the server
// in the page's language), keeping answers chosen but not yet sent.
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language, on_language_change } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { error_box } from '../ui_kit.js';
import { create_assessment_form } from '../track/assessment_form.js';
import { render_my_track } from '../track/my_track.js';

const content = document.getElementById('track-content');
const account = await start_role_page('seeker', content, 'track_seekers_only');
if (account) show_course();

function show_course() {
  const assessment_slot = el('div', { id: 'assessment-slot' }, el('p', { i18n: 'loading' }));
  const track_slot = el('div', { id: 'my-track-slot' }, el('p', { i18n: 'loading' }));
  content.replaceChildren(
    el('section', { id: 'my-track-section', 'aria-labelledby': 'my-track-heading' },
      el('h2', { id: 'my-track-heading', i18n: 'my_track_heading' }), track_slot),
    el('section', { id: 'assessment', class: 'mt-7', 'aria-labelledby': 'assessment-heading' },
      el('h2', { id: 'assessment-heading', i18n: 'assessment_heading' }),
      el('p', { i18n: 'assessment_intro' }), assessment_slot));

  const load_track = async () => {
    try {
      track_slot.replaceChildren(render_my_track(await api('GET', `/api/v1/me/track?lang=${current_language()}`)));
    } catch (error) {
      track_slot.replaceChildren(error_box(error));
    }
  };
  const load_assessment = async () => {
    // Answers chosen but not sent yet survive a redraw (a language change).
    const chosen = [...document.querySelectorAll('#assessment-form input:checked')].map((input) => input.id);
    try {
      const [questions, mine] = await Promise.all([
        api('GET', `/api/v1/assessment/questions?lang=${current_language()}`),
        api('GET', '/api/v1/me/assessment'),
      ]);
      assessment_slot.replaceChildren(create_assessment_form({
        questions: questions?.questions ?? [],
        assessment: mine?.assessment ?? null,
        on_saved: () => {},
      }));
      for (const id of chosen) {
        const input = document.getElementById(id);
        if (input) input.checked = true;
      }
    } catch (error) {
      assessment_slot.replaceChildren(error_box(error));
    }
  };
  on_language_change(() => {
    load_track();
    load_assessment();
  });
  load_track();
  load_assessment();
}
