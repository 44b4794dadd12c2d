// Security settings > Language: the header's menu changes the session's
// language (session_language.js); this saves the session's language as the
// account's (PUT /api/me/language with save true), the one the emails the
// person gets are written in.
import { current_language, text } from './i18n.js';
import { by_id } from './dom.js';
import { change_language } from './session_language.js';

// `page`: the profile page's context (profile_page.js).
// Returns {render()}: the button names the page's current language.
export function create_language_panel(page) {
  const save_button = by_id('language-save');
  const status_text = by_id('language-status');
  let saved = null;  // the language last saved from here

  save_button.addEventListener('click', () => page.exclusive(save));
  by_id('language-preference').hidden = false;

  function render() {
    save_button.textContent = text('profile.language_save', { language: language_name(current_language()) });
    status_text.textContent = saved ? text('profile.language_saved', { language: language_name(saved) }) : '';
  }

  async function save() {
    const language = current_language();
    saved = null;
    render();
    save_button.disabled = true;
    const answer = await change_language(language, { save: true });
    save_button.disabled = false;
    if (!answer.ok) {
      page.show_error(answer.message);
      return;
    }
    saved = language;
    render();
  }

  // The language's name in itself ("简体中文"), as the header's menu lists it.
  function language_name(tag) {
    return page.core.languages().languages.find((language) => language.tag === tag)?.native_name ?? tag;
  }

  render();
  return { render };
}
