// Exit codes of the litec command.
export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 2;
export const EXIT_CPU_FALLBACK = 3;
export const EXIT_INTERNAL = 70;
