/** The console belongs to no tenant: times are shown in German time (the installations run in DE/AT). */
export const CONSOLE_TIME_ZONE = 'Europe/Berlin';
