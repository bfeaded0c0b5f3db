export const fixture = "chronos-http test module";
