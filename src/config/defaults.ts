/** Defaults of ordo.yml that code outside the schema needs too; kept apart so that using them does not load zod. */
export const DEFAULT_SCALE = [1, 2, 3, 5, 8, 13, 21];

/** Item key prefixes: ORD in ORD-12. */
export const PREFIX_PATTERN = /^[A-Z][A-Z0-9]{0,9}$/;
