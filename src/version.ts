/** The version publishers see in the User-Agent, and `exilewatch --version` prints. */
export const VERSION = '0.1.0';
