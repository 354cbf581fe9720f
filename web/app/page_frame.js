// The frame every page shares: the skip link and the DKFDS portal and
// solution header at the top of <body>, the footer at the end. Rendered by
// start_page() (page_shell.js) before the page is translated, so each HTML
// file holds only its own <main>. Fixed markup, no user content.
const header = `
  <a class="skipnav" href="#main-content" data-i18n="skip_to_content">Gå til sidens indhold</a>
  <header class="header">
    <div class="portal-header">
      <div class="container portal-header-inner">
        <a href="/" class="kreds-brand" data-i18n-aria-label="home">Kreds</a>
        <div class="portal-info kreds-portal-info">
          <a class="kreds-account-name" id="account-name" href="/account.html" hidden></a>
          <button type="button" class="button button-secondary" id="logout-button" hidden data-i18n="log_out">Log ud</button>
          <button type="button" class="button button-secondary" id="language-toggle" lang="en">English</button>
        </div>
      </div>
    </div>
    <div class="solution-header">
      <div class="container solution-header-inner">
        <div class="solution-heading">
          <p class="kreds-solution-title" data-i18n="solution_title">Jobnetværk</p>
        </div>
        <div class="solution-info">
          <p class="authority-name" data-i18n="authority">Din kommune</p>
        </div>
      </div>
    </div>
  </header>`;

const footer = `
  <footer class="footer">
    <div class="container py-5">
      <p data-i18n="esco_attribution">Denne tjeneste bruger Europa-Kommissionens ESCO-klassifikation.</p>
    </div>
  </footer>`;

export function render_frame(doc = document) {
  if (doc.getElementById('language-toggle')) return;  // already framed
  doc.body.insertAdjacentHTML('afterbegin', header);
  doc.body.insertAdjacentHTML('beforeend', footer);
}
