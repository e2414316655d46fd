/** The local identity provider's sign-in page: a plain HTML form, username and password. */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface LoginPage {
  action: string;
  clientName: string;
  username?: string;
  message?: string;
}

export function loginPage({ action, clientName, username, message }: LoginPage): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to ${escape(clientName)}</title></head>
<body>
<h1>Sign in to ${escape(clientName)}</h1>
<p>Local identity provider: a new username signs up (a password of at least 8 characters); an existing one must match.</p>
${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="${escape(action)}">
<label>Username <input name="username" autocomplete="username" required value="${escape(username ?? '')}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
</body>
</html>
`;
}

export function messagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>
`;
}
