import { render } from 'preact';
import './styles.css';
import { App } from './app';
import { createApi } from './api';
import { LiveConnection } from './live';
import { Session } from './session';

const session = new Session();
const api = createApi(session.token);
const live = new LiveConnection(api);

render(<App session={session} api={api} live={live} />, document.getElementById('app')!);
