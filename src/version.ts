/** ordo's version, and an id of the build that also changes when the sources do (cache keys). */
declare const __ORDO_VERSION__: string;
declare const __ORDO_BUILD__: string;

export const VERSION = typeof __ORDO_VERSION__ === 'string' ? __ORDO_VERSION__ : '0.0.0-dev';
export const BUILD_ID = typeof __ORDO_BUILD__ === 'string' ? __ORDO_BUILD__ : `${VERSION}+dev`;
