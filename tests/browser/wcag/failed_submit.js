() => {
  const invalid = [...document.querySelectorAll('main [aria-invalid="true"]')];
  const styled = [...document.querySelectorAll('main input.is-invalid, main select.is-invalid, main textarea.is-invalid')];
  const messages = document.querySelectorAll('main .invalid-feedback, main #foutoverzicht, main .flash-messages .alert-danger');
  const unlinked = invalid.filter((el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    return !ids.length || !ids.every((id) => document.getElementById(id)) ||
      !ids.some((id) => document.getElementById(id).textContent.trim());
  }).map((el) => el.id || el.name);
  return {
    refused: invalid.length > 0 || styled.length > 0 || messages.length > 0,
    summary: !!document.getElementById('foutoverzicht'),
    focus: document.activeElement ? document.activeElement.id : '',
    title: document.title,
    unmarked: styled.filter((el) => el.getAttribute('aria-invalid') !== 'true').map((el) => el.id || el.name),
    unlinked,
  };
}
