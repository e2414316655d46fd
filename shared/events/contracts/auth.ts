import { z } from 'zod';
import { publishedBy } from '../define-event';
import { timestamp, userId } from '../payload-parts';

const event = publishedBy('auth');

export const authEvents = {
  'bakery.user.signed-up.v1': event({
    consumers: ['bank', 'users'],
    description:
      'Someone signed in for the first time; bank opens their account, users starts their picture.',
    schema: z.object({ userId, name: z.string().min(1).max(200), signedUpAt: timestamp }),
    subjectOf: (data) => data.userId,
  }),
};
