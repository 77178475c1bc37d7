/**
 * ISO 3166-1 country codes, alpha-2 -> alpha-3, so a citizenship written either way can be checked
 * against real codes (a regex alone lets "XY" or "ABC" through) and both spellings of one country
 * can be matched when filtering.
 */
const ISO_3166_1 = `
AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW AX ALA AZ AZE
BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN BO BOL BQ BES BR BRA BS BHS
BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN
CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST
EG EGY EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD GE GEO GF GUF
GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY HK HKG HM HMD
HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM
JO JOR JP JPN KE KEN KG KGZ KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA
LI LIE LK LKA LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL MK MKD
ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI MX MEX MY MYS MZ MOZ NA NAM
NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG
PH PHL PK PAK PL POL PM SPM PN PCN PR PRI PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA
SA SAU SB SLB SC SYC SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD
ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS TM TKM TN TUN TO TON
TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY UZ UZB VA VAT VC VCT VE VEN VG VGB VI VIR
VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE
`;

/**
 * Codes outside ISO 3166-1 that people in the programme actually carry: Kosovo (XK/XKX, used by the
 * EU and on Kosovar documents) and the ICAO 9303 codes for stateless persons (XXA) and an
 * unspecified nationality (XXX), for someone whose citizenship is not known yet.
 */
const EXTRA = `XK XKX`;
const EXTRA_ALPHA3_ONLY = ["XXA", "XXX"];

function pairs(text: string): [string, string][] {
  const words = text.trim().split(/\s+/);
  const out: [string, string][] = [];
  for (let i = 0; i < words.length; i += 2) out.push([words[i]!, words[i + 1]!]);
  return out;
}

const ALPHA2_TO_ALPHA3 = new Map<string, string>([...pairs(ISO_3166_1), ...pairs(EXTRA)]);
const ALPHA3_TO_ALPHA2 = new Map<string, string>([...ALPHA2_TO_ALPHA3].map(([a2, a3]) => [a3, a2]));
const ALPHA3_ONLY = new Set(EXTRA_ALPHA3_ONLY);

/** Exactly 2 or 3 uppercase letters. */
export const CITIZENSHIP_PATTERN = /^[A-Z]{2,3}$/;

export function isKnownCitizenship(code: string): boolean {
  return ALPHA2_TO_ALPHA3.has(code) || ALPHA3_TO_ALPHA2.has(code) || ALPHA3_ONLY.has(code);
}

/** Both spellings of a code (e.g. NG -> [NG, NGA]), to match either in stored data. */
export function citizenshipSpellings(code: string): string[] {
  const alpha3 = ALPHA2_TO_ALPHA3.get(code);
  if (alpha3) return [code, alpha3];
  const alpha2 = ALPHA3_TO_ALPHA2.get(code);
  if (alpha2) return [alpha2, code];
  return [code];
}

/** Number of ISO 3166-1 entries, for the test that the table was not mistyped. */
export const ISO_3166_1_COUNT = pairs(ISO_3166_1).length;
export const ISO_3166_1_ALPHA2 = pairs(ISO_3166_1).map(([a2]) => a2);
export const ISO_3166_1_ALPHA3 = pairs(ISO_3166_1).map(([, a3]) => a3);
