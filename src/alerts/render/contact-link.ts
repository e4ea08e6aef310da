// A contact that is plainly a phone number or an email address becomes a link a phone can act on in
// one tap; anything else ("the duty desk", a Signal handle) stays text.
const PHONE = /^\+?[\d\s().-]+$/;
// Plain addresses only: nothing a mail client would read as a subject, a body or a second recipient.
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** A tel: or mailto: address for the contact, or undefined. */
export function contactHref(contact: string): string | undefined {
  const text = contact.trim();
  if (PHONE.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length < 6 || digits.length > 15) return undefined;
    return `tel:${text.startsWith('+') ? '+' : ''}${digits}`;
  }
  if (EMAIL.test(text)) return `mailto:${text}`;
  return undefined;
}
