/** Times as a person in the bakery reads them: the bakery's wall clock (its zone), short. */
const timeZone = __BAKERY_TIME_ZONE__;
const time = new Intl.DateTimeFormat('en-AU', { hour: 'numeric', minute: '2-digit', timeZone });
const dateTime = new Intl.DateTimeFormat('en-AU', {
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
  timeZone,
});

export function formatTime(iso: string | null | undefined): string {
  return iso ? time.format(new Date(iso)) : '—';
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** Minutes between two instants, as "5 min" or "1 h 20 min". */
export function formatAge(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Why an order did not go through, in plain words. */
export function reasonText(reason: string | undefined): string {
  switch (reason) {
    case 'out-of-stock':
      return 'Sorry — some of what you picked sold out before we could set it aside. Nothing was charged.';
    case 'insufficient-funds':
      return 'Your balance was not enough to pay for this order, so it was not charged. Top up and try again.';
    case 'payment-declined':
      return 'The payment was declined, so nothing was charged.';
    case 'payment-timeout':
      return 'The payment took too long, so we let the order go. Nothing was charged.';
    case 'reservation-timeout':
      return 'We could not set your items aside in time, so we let the order go. Nothing was charged.';
    case 'invalid-order':
      return 'Something in this order is no longer on sale. Nothing was charged.';
    case undefined:
    default:
      return 'The order did not go through. Nothing was charged.';
  }
}
