import type { ExploitationType, Gender, PlaceTarget, ProvinceCode, StructureType } from "@regional/schema";
import type { Weighted } from "./random.ts";

/**
 * The word lists and weights behind the synthetic demo data. Everything here is invented for the
 * demo: structure names, street areas and person names are combinations of common words and
 * common names, not records of real people or real shelters.
 */

export interface ProvinceProfile {
  /** New cases per year at scale 1 (the province's size in the programme). */
  casesPerYear: number;
  /** Multiplier on the structure template (about 44 places at 1). */
  placesFactor: number;
  /** Anonymous outreach contacts per year. */
  contactsPerYear: number;
  /** Street unit nights per week. */
  streetNightsPerWeek: number;
  /** Weight of agriculture among labour exploitation. */
  agricultureWeight: number;
  /** Main town first; the others host flats, outreach areas and events. */
  municipalities: readonly string[];
  /** A municipality that lends buildings for flats (as Crema does for the Cremona strand). */
  lendingMunicipality: string;
  /** Roads and areas of street outreach. */
  streetAreas: readonly string[];
}

export const PROVINCE_PROFILES: Record<ProvinceCode, ProvinceProfile> = {
  BS: {
    casesPerYear: 116,
    placesFactor: 1.36,
    contactsPerYear: 1900,
    streetNightsPerWeek: 2,
    agricultureWeight: 0.2,
    municipalities: ["Brescia", "Desenzano del Garda", "Montichiari", "Rovato", "Chiari", "Lumezzane", "Ghedi", "Palazzolo sull'Oglio"],
    lendingMunicipality: "Brescia",
    streetAreas: ["Brescia – via Milano", "Brescia – zona industriale", "SS 11 Padana Superiore (Rovato–Chiari)", "SS 45 bis Gardesana", "Montichiari – zona fiera", "Ghedi – strada provinciale"],
  },
  BG: {
    casesPerYear: 104,
    placesFactor: 1.2,
    contactsPerYear: 1650,
    streetNightsPerWeek: 2,
    agricultureWeight: 0.2,
    municipalities: ["Bergamo", "Treviglio", "Dalmine", "Seriate", "Romano di Lombardia", "Caravaggio", "Zingonia", "Lovere"],
    lendingMunicipality: "Treviglio",
    streetAreas: ["Bergamo – zona stazione", "SS 42 del Tonale", "Dalmine – zona industriale", "Zingonia – viale periferico", "SP 525 (Treviglio)", "Seriate – tangenziale"],
  },
  PV: {
    casesPerYear: 78,
    placesFactor: 0.95,
    contactsPerYear: 1150,
    streetNightsPerWeek: 1,
    agricultureWeight: 0.45,
    municipalities: ["Pavia", "Vigevano", "Voghera", "Mortara", "Stradella", "Broni"],
    lendingMunicipality: "Vigevano",
    streetAreas: ["Pavia – zona stazione", "SS 35 dei Giovi", "Vigevano – zona industriale", "Voghera – strada provinciale", "Lomellina – strade provinciali"],
  },
  MN: {
    casesPerYear: 70,
    placesFactor: 0.85,
    contactsPerYear: 1000,
    streetNightsPerWeek: 1,
    agricultureWeight: 0.5,
    municipalities: ["Mantova", "Suzzara", "Castiglione delle Stiviere", "Viadana", "Ostiglia", "Porto Mantovano"],
    lendingMunicipality: "Suzzara",
    streetAreas: ["Mantova – zona stazione", "SS 10 Padana Inferiore", "Castiglione delle Stiviere – zona industriale", "SP 62 (Suzzara)", "Viadana – strade provinciali"],
  },
  CR: {
    casesPerYear: 64,
    placesFactor: 0.8,
    contactsPerYear: 900,
    streetNightsPerWeek: 1,
    agricultureWeight: 0.5,
    municipalities: ["Cremona", "Crema", "Casalmaggiore", "Soresina", "Pizzighettone"],
    lendingMunicipality: "Crema",
    streetAreas: ["Cremona – zona stazione", "Cremona – via Mantova", "SS 415 Paullese (Crema)", "SP 10 (Casalmaggiore)", "Soresina – strada provinciale"],
  },
  LC: {
    casesPerYear: 44,
    placesFactor: 0.5,
    contactsPerYear: 520,
    streetNightsPerWeek: 1,
    agricultureWeight: 0.1,
    municipalities: ["Lecco", "Merate", "Calolziocorte", "Valmadrera", "Casatenovo"],
    lendingMunicipality: "Merate",
    streetAreas: ["Lecco – zona stazione", "SS 36 del Lago di Como e dello Spluga", "Calolziocorte – zona industriale", "Merate – strada provinciale"],
  },
  LO: {
    casesPerYear: 39,
    placesFactor: 0.5,
    contactsPerYear: 430,
    streetNightsPerWeek: 1,
    agricultureWeight: 0.35,
    municipalities: ["Lodi", "Codogno", "Casalpusterlengo", "Sant'Angelo Lodigiano"],
    lendingMunicipality: "Codogno",
    streetAreas: ["Lodi – zona stazione", "SS 9 Via Emilia", "Casalpusterlengo – zona industriale", "SP 235 (Sant'Angelo Lodigiano)"],
  },
};

export interface StructureTemplate {
  type: StructureType;
  /** Part of the name; the municipality is appended. */
  name: string;
  /** Index into the province's municipalities, or "lending" for the lending municipality. */
  municipality: number | "lending";
  places: Partial<Record<PlaceTarget, number>>;
}

/** About 44 places at factor 1: women mostly, some with children, men, trans, minors. */
export const STRUCTURE_TEMPLATE: readonly StructureTemplate[] = [
  { type: "EMERGENCY_SHELTER", name: "Casa Aurora – pronta accoglienza", municipality: 0, places: { WOMEN: 6, WITH_CHILDREN: 2, TRANS: 1 } },
  { type: "EMERGENCY_SHELTER", name: "Casa Ponte – pronta accoglienza uomini", municipality: 1, places: { MEN: 3 } },
  { type: "RESIDENTIAL_COMMUNITY", name: "Comunità Le Ali", municipality: 2, places: { WOMEN: 10, WITH_CHILDREN: 3 } },
  { type: "RESIDENTIAL_COMMUNITY", name: "Comunità Germoglio – minori", municipality: 0, places: { MINORS: 3 } },
  { type: "SEMI_AUTONOMY", name: "Appartamenti Il Filo – semi-autonomia", municipality: 0, places: { WOMEN: 5, MEN: 2, TRANS: 1 } },
  { type: "HOUSING", name: "Alloggi comunali Ginestra", municipality: "lending", places: { WOMEN: 4, WITH_CHILDREN: 2, MEN: 1 } },
];

/** The place target a person needs: minors first, then trans, men, mothers with children, women. */
export function targetFor(gender: Gender, minor: boolean, withChildren: boolean): PlaceTarget {
  if (minor) return "MINORS";
  if (gender === "TRANS_NON_BINARY") return "TRANS";
  if (gender === "MAN") return "MEN";
  return withChildren ? "WITH_CHILDREN" : "WOMEN";
}

/** Targets a place may also take when none of the preferred kind is free (a mother's room for one woman, not the reverse). */
export const TARGET_FALLBACK: Record<PlaceTarget, readonly PlaceTarget[]> = {
  WOMEN: ["WOMEN", "WITH_CHILDREN"],
  WITH_CHILDREN: ["WITH_CHILDREN"],
  MEN: ["MEN"],
  TRANS: ["TRANS"],
  MINORS: ["MINORS"],
};

// ---------------------------------------------------------------------------------------------
// Citizenship, by exploitation type and gender (ISO 3166 alpha-2).

export const CITIZENSHIP_SEXUAL_WOMEN: Weighted<string> = [
  ["NG", 46], ["RO", 12], ["AL", 6], ["CI", 5], ["CN", 5], ["GH", 3], ["CM", 3], ["MA", 3], ["UA", 3], ["BR", 3],
  ["BG", 3], ["MD", 2], ["CO", 2], ["TN", 1], ["SN", 1], ["GN", 2],
];
export const CITIZENSHIP_TRANS: Weighted<string> = [["BR", 45], ["CO", 15], ["PE", 15], ["AR", 8], ["EC", 10], ["MA", 4], ["AL", 3]];
export const CITIZENSHIP_LABOUR: Record<"agriculture" | "construction" | "catering" | "domestic" | "other", Weighted<string>> = {
  agriculture: [["IN", 34], ["PK", 10], ["MA", 12], ["SN", 7], ["RO", 9], ["GM", 6], ["ML", 6], ["BD", 5], ["NG", 4], ["AL", 3], ["TN", 4]],
  construction: [["AL", 18], ["RO", 18], ["MA", 14], ["EG", 12], ["PK", 10], ["TN", 8], ["UA", 6], ["SN", 6], ["BD", 4], ["GM", 4]],
  catering: [["BD", 22], ["PK", 16], ["CN", 16], ["EG", 12], ["MA", 10], ["IN", 8], ["NG", 4], ["LK", 6], ["PH", 6]],
  domestic: [["UA", 26], ["RO", 18], ["MD", 10], ["PE", 10], ["PH", 10], ["LK", 8], ["GE", 8], ["EC", 5], ["MA", 5]],
  other: [["CN", 24], ["PK", 16], ["BD", 16], ["IN", 12], ["RO", 10], ["MA", 10], ["NG", 6], ["EG", 6]],
};
export const CITIZENSHIP_BEGGING: Weighted<string> = [["RO", 48], ["NG", 24], ["BG", 12], ["AL", 6], ["MA", 5], ["SN", 5]];
export const CITIZENSHIP_ILLEGAL: Weighted<string> = [["NG", 24], ["MA", 24], ["TN", 20], ["AL", 14], ["GM", 10], ["SN", 8]];
export const CITIZENSHIP_MARRIAGE: Weighted<string> = [["PK", 30], ["BD", 20], ["IN", 14], ["AL", 14], ["MA", 12], ["EG", 10]];

export function labourGroup(type: ExploitationType): keyof typeof CITIZENSHIP_LABOUR {
  switch (type) {
    case "LABOUR_AGRICULTURE":
      return "agriculture";
    case "LABOUR_CONSTRUCTION":
      return "construction";
    case "LABOUR_CATERING":
      return "catering";
    case "LABOUR_DOMESTIC_CARE":
      return "domestic";
    default:
      return "other";
  }
}

/** Mediator languages as BCP 47 tags (two letters where ISO 639-1 has one, else ISO 639-3). */
export const LANGUAGES: Record<string, Weighted<string>> = {
  NG: [["en", 40], ["pcm", 35], ["bin", 25]],
  GH: [["en", 60], ["tw", 40]],
  CM: [["fr", 60], ["en", 40]],
  CI: [["fr", 80], ["dyu", 20]],
  SN: [["wo", 60], ["fr", 40]],
  GM: [["en", 40], ["wo", 30], ["mnk", 30]],
  ML: [["bm", 70], ["fr", 30]],
  GN: [["fr", 50], ["ff", 50]],
  RO: [["ro", 1]],
  MD: [["ro", 70], ["ru", 30]],
  BG: [["bg", 1]],
  AL: [["sq", 1]],
  UA: [["uk", 75], ["ru", 25]],
  GE: [["ka", 1]],
  MA: [["ar", 80], ["fr", 20]],
  TN: [["ar", 1]],
  EG: [["ar", 1]],
  PK: [["ur", 75], ["pa", 25]],
  BD: [["bn", 1]],
  IN: [["pa", 75], ["hi", 25]],
  LK: [["si", 80], ["ta", 20]],
  PH: [["tl", 80], ["en", 20]],
  CN: [["zh", 1]],
  BR: [["pt", 1]],
  CO: [["es", 1]],
  PE: [["es", 1]],
  EC: [["es", 1]],
  AR: [["es", 1]],
};

/** How often a mediator is needed: lower where Italian is often already spoken or close. */
export function mediatorRate(citizenship: string): number {
  if (citizenship === "RO" || citizenship === "MD") return 0.45;
  if (citizenship === "AL") return 0.55;
  if (["BR", "CO", "PE", "EC", "AR"].includes(citizenship)) return 0.6;
  return 0.92;
}

// ---------------------------------------------------------------------------------------------
// Names: common given and family names by language area, combined at random. Invented persons.

interface NamePool {
  women: readonly string[];
  men: readonly string[];
  family: readonly string[];
  /** Family names that take a feminine form (Bulgarian -ov/-ova). */
  feminine?: (family: string) => string;
}

const WEST_AFRICA_FR: NamePool = {
  women: ["Aminata", "Fatoumata", "Mariam", "Awa", "Kadiatou", "Aïcha", "Adjoua", "Affoué", "Nadège", "Clarisse", "Rokia", "Salimata"],
  men: ["Moussa", "Mamadou", "Ibrahima", "Seydou", "Abdoulaye", "Lamine", "Ousmane", "Souleymane", "Yao", "Kouadio", "Bakary", "Modou"],
  family: ["Koné", "Traoré", "Diallo", "Coulibaly", "Ouattara", "Bamba", "Kouassi", "Konaté", "Camara", "Diop", "Ndiaye", "Sow", "Fofana", "Touré", "Bah", "Sissoko"],
};
const ARABIC_MAGHREB: NamePool = {
  women: ["Fatima", "Khadija", "Salma", "Nadia", "Amina", "Samira", "Houda", "Meryem", "Zineb", "Soukaina", "Imane", "Latifa"],
  men: ["Mohamed", "Youssef", "Ahmed", "Hamza", "Omar", "Karim", "Said", "Rachid", "Mustapha", "Ayoub", "Amine", "Hassan"],
  family: ["El Amrani", "Benali", "Bouzid", "Haddad", "Alaoui", "Tahiri", "Belkacem", "Mansouri", "Ouali", "Ziani", "Lahlou", "Chakir", "Idrissi", "Naciri"],
};
const LATIN_ES: NamePool = {
  women: ["Daniela", "Valentina", "Camila", "Lucía", "Milagros", "Paola", "Rosa", "Carmen", "Gabriela", "Yesenia", "Marisol", "Luz"],
  men: ["Carlos", "Luis", "Jorge", "Miguel", "Diego", "Andrés", "José", "Julio"],
  family: ["García", "Rodríguez", "Quispe", "Mamani", "Flores", "Torres", "Ramírez", "Vargas", "Castillo", "Gómez", "Mendoza", "Huamán", "Cárdenas"],
};

const NAME_POOLS: Record<string, NamePool> = {
  NG: {
    women: ["Blessing", "Joy", "Precious", "Favour", "Gift", "Peace", "Faith", "Mercy", "Esther", "Osas", "Efe", "Ivie", "Ifeoma", "Chioma", "Ngozi", "Adaeze", "Bisola", "Omoye", "Itohan", "Princess", "Success", "Loveth", "Vivian", "Glory"],
    men: ["Osagie", "Emeka", "Chinedu", "Tunde", "Segun", "Osaro", "Ikenna", "Uche", "Godwin", "Friday", "Sunday", "Eghosa"],
    family: ["Okafor", "Omoregie", "Eghobamien", "Aigbe", "Ehigiator", "Okonkwo", "Adeyemi", "Ogbonna", "Uwaifo", "Osunde", "Ehiorobo", "Nwachukwu", "Obi", "Eze", "Afolabi", "Ogunleye", "Edosomwan", "Iyamu", "Osayande", "Imafidon"],
  },
  GH: {
    women: ["Abena", "Akosua", "Ama", "Efua", "Adwoa", "Yaa", "Gifty", "Comfort", "Afia"],
    men: ["Kwame", "Kofi", "Kwabena", "Yaw", "Kojo", "Kwaku"],
    family: ["Mensah", "Owusu", "Boateng", "Asante", "Osei", "Appiah", "Agyeman", "Ofori", "Darko", "Amponsah"],
  },
  CM: {
    women: ["Nadège", "Clarisse", "Brigitte", "Solange", "Pélagie", "Carine", "Estelle"],
    men: ["Jean", "Serge", "Boris", "Hervé", "Landry"],
    family: ["Nkoulou", "Mbarga", "Fotso", "Tchoumi", "Nguema", "Ebode", "Kamga", "Nana"],
  },
  CI: WEST_AFRICA_FR,
  SN: WEST_AFRICA_FR,
  ML: WEST_AFRICA_FR,
  GN: WEST_AFRICA_FR,
  GM: {
    women: ["Isatou", "Fatou", "Mariama", "Haddy", "Awa", "Binta"],
    men: ["Lamin", "Ebrima", "Modou", "Alieu", "Omar", "Sainey", "Momodou", "Bakary"],
    family: ["Jallow", "Ceesay", "Touray", "Sanneh", "Darboe", "Jammeh", "Bojang", "Sowe", "Njie", "Jobe"],
  },
  RO: {
    women: ["Ana", "Maria", "Elena", "Ioana", "Andreea", "Mihaela", "Alina", "Florentina", "Daniela", "Georgiana", "Roxana", "Cristina", "Denisa", "Larisa"],
    men: ["Ion", "Gheorghe", "Vasile", "Marian", "Florin", "Constantin", "Adrian", "Mihai", "Nicolae", "Costel", "Ionuț", "Cătălin"],
    family: ["Popescu", "Ionescu", "Stan", "Dumitru", "Munteanu", "Constantin", "Lungu", "Rusu", "Ciobanu", "Moldovan", "Sandu", "Matei", "Tudor", "Lazăr", "Vlad", "Stoica", "Pană"],
  },
  MD: {
    women: ["Natalia", "Tatiana", "Olga", "Ludmila", "Victoria", "Cristina", "Svetlana", "Elena"],
    men: ["Ion", "Sergiu", "Vasile", "Andrei", "Vitalie", "Igor"],
    family: ["Rusu", "Ceban", "Cebotari", "Țurcan", "Lungu", "Munteanu", "Botnari", "Sîrbu", "Guțu"],
  },
  BG: {
    women: ["Desislava", "Svetla", "Galina", "Maria", "Yordanka", "Petya", "Radka", "Silvia"],
    men: ["Georgi", "Ivan", "Dimitar", "Stoyan", "Nikolay", "Asen"],
    family: ["Ivanov", "Georgiev", "Dimitrov", "Petrov", "Stoyanov", "Kostov", "Hristov", "Angelov", "Yordanov"],
    feminine: (f) => `${f}a`,
  },
  AL: {
    women: ["Elona", "Klodiana", "Arta", "Ermira", "Anisa", "Besa", "Erjona", "Valbona", "Jonida", "Entela", "Xhesika", "Fjorela"],
    men: ["Arben", "Ilir", "Gentian", "Dritan", "Erion", "Besnik", "Ardit", "Endrit", "Kujtim", "Fatos", "Klodian", "Altin"],
    family: ["Hoxha", "Shehu", "Gjoka", "Leka", "Dervishi", "Kola", "Marku", "Prenga", "Basha", "Cela", "Tafaj", "Muça", "Lika", "Gjini", "Kaçi"],
  },
  UA: {
    women: ["Olena", "Oksana", "Natalia", "Iryna", "Svitlana", "Tetiana", "Halyna", "Yulia", "Kateryna", "Lyudmyla", "Nadiia"],
    men: ["Oleksandr", "Andriy", "Serhiy", "Volodymyr", "Mykola", "Petro", "Taras"],
    family: ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Lysenko", "Moroz", "Savchenko", "Marchenko", "Rudenko", "Koval", "Polishchuk"],
  },
  GE: {
    women: ["Nino", "Tamar", "Eka", "Ketevan", "Maia", "Nana", "Manana", "Lela"],
    men: ["Giorgi", "Levan", "Davit", "Irakli", "Zurab"],
    family: ["Beridze", "Kapanadze", "Gelashvili", "Lomidze", "Maisuradze", "Tsiklauri", "Abashidze", "Nozadze"],
  },
  MA: ARABIC_MAGHREB,
  TN: {
    women: ["Amel", "Sonia", "Rim", "Ines", "Hajer", "Mouna", "Olfa"],
    men: ["Mohamed", "Ahmed", "Walid", "Bilel", "Sami", "Hatem", "Aymen", "Oussama"],
    family: ["Trabelsi", "Jlassi", "Gharbi", "Mejri", "Ayari", "Hamdi", "Dridi", "Sassi", "Chaouch", "Khelifi"],
  },
  EG: {
    women: ["Mona", "Heba", "Rania", "Dina", "Nourhan", "Aya"],
    men: ["Mahmoud", "Mostafa", "Ahmed", "Mohamed", "Karim", "Tarek", "Islam", "Hossam"],
    family: ["Abdelaziz", "Mostafa", "Ibrahim", "Saleh", "Farouk", "Hassan", "Kamel", "Abdelrahman", "Ragab", "Shehata"],
  },
  PK: {
    women: ["Ayesha", "Fatima", "Sana", "Nida", "Iqra", "Rabia", "Saima", "Asma", "Hina", "Mehwish"],
    men: ["Muhammad", "Ali", "Usman", "Bilal", "Imran", "Asif", "Waqas", "Kashif", "Zeeshan", "Tariq", "Adnan", "Shahid"],
    family: ["Khan", "Hussain", "Ahmed", "Butt", "Iqbal", "Malik", "Chaudhry", "Raza", "Shah", "Akhtar", "Mirza", "Javed", "Anwar"],
  },
  BD: {
    women: ["Nasrin", "Shirin", "Rupa", "Sumaiya", "Taslima", "Mitu", "Laila", "Rina"],
    men: ["Rahim", "Karim", "Hasan", "Rakib", "Sohel", "Shakil", "Jahid", "Mamun", "Arif", "Nayeem", "Rubel", "Sabbir"],
    family: ["Rahman", "Hossain", "Islam", "Uddin", "Ahmed", "Mia", "Chowdhury", "Sarker", "Miah", "Alam", "Sheikh", "Talukder"],
  },
  IN: {
    women: ["Simran", "Harjit", "Manjit", "Kiran", "Rajwinder", "Paramjit", "Jaspreet", "Sunita", "Pooja"],
    men: ["Gurpreet", "Harpreet", "Manpreet", "Jaswinder", "Sukhwinder", "Baljit", "Rajinder", "Kuldeep", "Amandeep", "Navdeep", "Balwinder", "Lakhwinder"],
    family: ["Singh", "Singh", "Singh", "Sandhu", "Gill", "Sidhu", "Dhillon", "Brar", "Kumar", "Sharma", "Grewal"],
    feminine: (f) => (f === "Singh" ? "Kaur" : f),
  },
  LK: {
    women: ["Nirosha", "Dilani", "Chamari", "Sanduni", "Kumari", "Nadeesha", "Ishara"],
    men: ["Nuwan", "Chaminda", "Kasun", "Pradeep", "Roshan", "Ruwan"],
    family: ["Perera", "Fernando", "Silva", "Jayasinghe", "Wickramasinghe", "Bandara", "Dissanayake", "Rathnayake", "Herath"],
  },
  PH: {
    women: ["Jocelyn", "Marites", "Rowena", "Analyn", "Rosalie", "Maricel", "Liza", "Janet"],
    men: ["Jose", "Mark", "Ramil", "Jomar", "Arnel"],
    family: ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Ramos", "Aquino"],
  },
  CN: {
    women: ["Mei", "Xiaoling", "Hua", "Jing", "Yan", "Lin", "Fang", "Ying", "Xiaomei", "Li"],
    men: ["Wei", "Jun", "Hao", "Lei", "Qiang", "Ming", "Jian", "Bo", "Tao"],
    family: ["Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Hu", "Ye", "Pan", "Lin", "Xu"],
  },
  BR: {
    women: ["Ana Paula", "Juliana", "Fernanda", "Camila", "Bianca", "Larissa", "Valéria", "Luana", "Yasmin", "Gabriela", "Thaís", "Renata", "Priscila"],
    men: ["João", "Carlos", "Lucas", "Rafael", "Thiago", "Bruno"],
    family: ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Lima", "Costa", "Ferreira", "Rodrigues", "Almeida", "Nascimento", "Araújo", "Barbosa"],
  },
  CO: LATIN_ES,
  PE: LATIN_ES,
  EC: LATIN_ES,
  AR: LATIN_ES,
};

export function namePool(citizenship: string): NamePool {
  const pool = NAME_POOLS[citizenship];
  if (!pool) throw new Error(`No name pool for citizenship ${citizenship}`);
  return pool;
}

export function feminineFamily(citizenship: string, family: string): string {
  const f = NAME_POOLS[citizenship]?.feminine;
  return f ? f(family) : family;
}

/** Street names used by people met in outreach (stored as alias). */
export const ALIASES = ["Jessica", "Sandra", "Monica", "Vanessa", "Linda", "Stella", "Sharon", "Bella", "Queen", "Tina", "Kelly", "Mimi", "Sabrina", "Cindy", "Gloria", "Paola", "Natasha", "Barbie"];
