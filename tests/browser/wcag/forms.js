() => [...document.querySelectorAll('main form')].map((form, index) => ({index,
  post: (form.getAttribute('method') || 'get').toLowerCase() === 'post',
  fields: form.querySelectorAll('input[type=text], input[type=email], input[type=password], input:not([type]), input[type=number], input[type=date], input[type=file], textarea').length,
  action: form.getAttribute('action') || ''})).filter((f) => f.post && f.fields > 0)
