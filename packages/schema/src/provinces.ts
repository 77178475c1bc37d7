/** The seven provinces of the programme, in the order of their default ports (4001–4007). */
export const PROVINCES = [
  { code: "BG", name: "Bergamo", field: "bergamo", defaultPort: 4001 },
  { code: "BS", name: "Brescia", field: "brescia", defaultPort: 4002 },
  { code: "CR", name: "Cremona", field: "cremona", defaultPort: 4003 },
  { code: "LC", name: "Lecco", field: "lecco", defaultPort: 4004 },
  { code: "LO", name: "Lodi", field: "lodi", defaultPort: 4005 },
  { code: "MN", name: "Mantova", field: "mantova", defaultPort: 4006 },
  { code: "PV", name: "Pavia", field: "pavia", defaultPort: 4007 },
] as const;

export type Province = (typeof PROVINCES)[number];
export type ProvinceCode = Province["code"];
export type ProvinceField = Province["field"];

export const PROVINCE_CODES = PROVINCES.map((p) => p.code) as unknown as readonly [ProvinceCode, ...ProvinceCode[]];

export function provinceByCode(code: ProvinceCode): Province {
  const found = PROVINCES.find((p) => p.code === code);
  if (!found) throw new Error(`Unknown province code ${code}`);
  return found;
}

export function isProvinceCode(value: string): value is ProvinceCode {
  return PROVINCES.some((p) => p.code === value);
}

/** Default local addresses; every one is overridable through the environment (see env.ts). */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_GATEWAY_PORT = 4000;
export const OPERATIONAL_PATH = "/graphql";
export const FEDERATION_PATH = "/federation";
export const HEALTH_PATH = "/health";
