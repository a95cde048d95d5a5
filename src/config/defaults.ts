/** Defaults of ordo.yml that code outside the schema needs too; kept apart so that using them does not load zod. */
export const DEFAULT_SCALE = [1, 2, 3, 5, 8, 13, 21];
