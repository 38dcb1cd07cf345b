package importers

// The texts an importer gives the datasets it makes — the method notes and
// the licence as far as the file tells it — in English, as stored, and in
// French and Spanish for readers: a dataset page shows the reader's
// language while the dataset still carries the text as imported, and a
// curator's own text as written. Every format's notes and licence have
// both translations (TestEveryImporterTextIsTranslated).

const (
	notesAbelRegionFlows         = "Estimated flows over 5-year periods; each is stored at the period's first year (1960 means mid-1960 to mid-1965). The regions are Abel's groupings, not UN M49 regions: names that match an M49 region are stored under its code (\"Europe\" here leaves out Eastern Europe, which is grouped with Central Asia), the others are listed as unmatched until a curator maps them. Flows within a region (between its countries) are kept."
	notesAbelSanderRegions       = "Flows over 2005–2010, stored at the year 2005. Origin down the rows, destination across. The regions are Abel & Sander's groupings (e.g. \"Soviet Union\", \"South East Asia\"), not UN M49 regions; names that match an M49 region or a country are stored under its code, the others are listed as unmatched. The diagonal (flows between countries of the same region) is kept."
	notesAbelSanderCountries     = "Flows over 2005–2010, stored at the year 2005. Origin down the rows, destination across. Cells of 1 are the Circos table's placeholder for a zero or negligible flow (every diagonal cell is 1): they are not stored."
	notesRemittanceInflows       = "Remittances received by each country, current US$ million; origin is the world (001). Years 2000–2022; the column \"2023e\" (an estimate) and the share of GDP are not read. Empty cells are not stored; zeros are stored as the file gives them (the file writes 0 for many years before a country's first reported figure). Income groups and other aggregates are listed as unmatched unless a curator maps them."
	notesUNDESAClean             = "Reshaped (\"clean\") CSV of the 2019 origin × destination table; its author is unknown. It writes 0 where the UN table has no estimate, so zero cells are not stored (a missing corridor reads as no estimate, not as zero)."
	notesWorldBankBilateral      = "Empty cells are not stored. The residual rows and columns \"Other North\" and \"Other South\" are reported as unmatched unless a curator maps them."
	notesKNOMAD2021              = "Model estimates (Ratha and Shaw 2007), not observations. Origin is the sending country (where the migrants live), destination the receiving country. Values in millions of current US$. Empty cells are not stored."
	notesKNOMAD                  = "Model estimates (Ratha and Shaw 2007), not observations. Origin is the sending country, destination the receiving country. Values in millions of current US$. Empty cells are not stored."
	notesUNHCRPopulation         = "Stocks at the end of each year. Origin is the country of origin (coo), destination the country of asylum (coa). Only the refugees and asylum_seekers columns are stored; empty cells mean not reported and are not stored."
	notesUNHCRFlows              = "Flows during each year, not end-year stocks: refugee_arrivals (column refugees: new refugees), asylum_applications (asylum_seekers: new asylum applications), refugee_like_arrivals (refugee_like) and oip_arrivals (oip: other people in need of international protection). Origin is the country of origin (coo), destination the country of asylum (coa). Empty cells mean not reported and are not stored (missing, not zero)."
	notesUNDESAOriginDestination = "Migrant stock at mid-year by place of origin and destination. Regions and groups are stored under their UN DESA location codes; the \"Total\" column is stored with the world (001) as origin; \"..\" is kept as missing and empty cells (no estimate) are not stored."
	notesUNDESATotals            = "Tables 1–6, by destination and sex at mid-year: migrant_stock (Table 1, people), population (Table 2, thousands), migrant_share (Table 3, migrants as % of the total population), female_migrant_share (Table 4, female migrants as % of the migrant stock), migrant_stock_growth_rate (Table 5, annual rate of change, % a year), refugee_stock (Table 6, refugees and asylum-seekers, people), refugee_share (Table 6, % of the migrant stock) and refugee_stock_growth_rate (Table 6, % a year). Rates of change over a period (1990-1995) are stored at its first year. Origin is the world (001): all origins. Regions and groups are stored under their M49/UN DESA codes; \"..\" is kept as missing."
	licenceNotStated             = "not stated in the file"
	abelLicence                  = "GPL-3 (bundled with the R package migest; original sources cited there)"
	unhcrLicence                 = "CC BY 4.0 (refugees R package; unverified for this copy)"
)

// translatedTexts holds the French and Spanish of each text above, keyed
// by its English. Licences that are names ("CC BY 3.0 IGO") need none.
var translatedTexts = map[string]map[string]string{
	notesAbelRegionFlows: {
		"fr": "Flux estimés sur des périodes de 5 ans, chacun enregistré à la première année de sa période (1960 désigne mi-1960 à mi-1965). Les régions sont les regroupements d’Abel, non les régions M49 de l’ONU : les noms qui correspondent à une région M49 sont enregistrés sous son code (« Europe » laisse ici de côté l’Europe de l’Est, regroupée avec l’Asie centrale), les autres restent non reconnus tant qu’un curateur ne les a pas rattachés. Les flux internes à une région (entre ses pays) sont conservés.",
		"es": "Flujos estimados por periodos de 5 años, cada uno registrado en el primer año de su periodo (1960 significa de mediados de 1960 a mediados de 1965). Las regiones son las agrupaciones de Abel, no las regiones M49 de la ONU: los nombres que coinciden con una región M49 se registran con su código («Europe» deja fuera aquí a Europa del Este, agrupada con Asia Central) y los demás quedan sin reconocer hasta que un curador los asigne. Se conservan los flujos dentro de una región (entre sus países).",
	},
	notesAbelSanderRegions: {
		"fr": "Flux sur 2005–2010, enregistrés à l’année 2005. Origine en lignes, destination en colonnes. Les régions sont les regroupements d’Abel et Sander (par exemple « Soviet Union », « South East Asia »), non les régions M49 de l’ONU ; les noms qui correspondent à une région M49 ou à un pays sont enregistrés sous son code, les autres restent non reconnus. La diagonale (flux entre pays d’une même région) est conservée.",
		"es": "Flujos de 2005–2010, registrados en el año 2005. Origen en las filas, destino en las columnas. Las regiones son las agrupaciones de Abel y Sander (por ejemplo, «Soviet Union», «South East Asia»), no las regiones M49 de la ONU; los nombres que coinciden con una región M49 o con un país se registran con su código y los demás quedan sin reconocer. Se conserva la diagonal (flujos entre países de una misma región).",
	},
	notesAbelSanderCountries: {
		"fr": "Flux sur 2005–2010, enregistrés à l’année 2005. Origine en lignes, destination en colonnes. Les cellules valant 1 sont la marque du tableau Circos pour un flux nul ou négligeable (toute cellule de la diagonale vaut 1) : elles ne sont pas enregistrées.",
		"es": "Flujos de 2005–2010, registrados en el año 2005. Origen en las filas, destino en las columnas. Las celdas con valor 1 son la marca de la tabla Circos para un flujo nulo o despreciable (toda celda de la diagonal vale 1): no se registran.",
	},
	notesRemittanceInflows: {
		"fr": "Envois de fonds reçus par chaque pays, en millions de dollars US courants ; l’origine est le monde (001). Années 2000–2022 ; la colonne « 2023e » (une estimation) et la part du PIB ne sont pas lues. Les cellules vides ne sont pas enregistrées ; les zéros le sont tels que le fichier les donne (il écrit 0 pendant de nombreuses années avant le premier chiffre publié d’un pays). Les groupes de revenu et autres agrégats restent non reconnus tant qu’un curateur ne les a pas rattachés.",
		"es": "Remesas recibidas por cada país, en millones de dólares estadounidenses corrientes; el origen es el mundo (001). Años 2000–2022; no se leen la columna «2023e» (una estimación) ni la proporción del PIB. Las celdas vacías no se registran; los ceros se registran tal como los da el archivo (que escribe 0 durante muchos años antes de la primera cifra publicada de un país). Los grupos de ingreso y otros agregados quedan sin reconocer salvo que un curador los asigne.",
	},
	notesUNDESAClean: {
		"fr": "CSV remanié (« clean ») du tableau origine × destination de 2019, d’auteur inconnu. Il écrit 0 là où le tableau de l’ONU n’a pas d’estimation ; les cellules nulles ne sont donc pas enregistrées (un corridor absent se lit comme sans estimation, non comme zéro).",
		"es": "CSV reorganizado («clean») de la tabla de origen × destino de 2019, de autor desconocido. Escribe 0 donde la tabla de la ONU no tiene estimación, por lo que las celdas en cero no se registran (un corredor ausente se lee como sin estimación, no como cero).",
	},
	notesWorldBankBilateral: {
		"fr": "Les cellules vides ne sont pas enregistrées. Les lignes et colonnes résiduelles « Other North » et « Other South » restent non reconnues tant qu’un curateur ne les a pas rattachées.",
		"es": "Las celdas vacías no se registran. Las filas y columnas residuales «Other North» y «Other South» quedan sin reconocer salvo que un curador las asigne.",
	},
	notesKNOMAD2021: {
		"fr": "Estimations d’un modèle (Ratha et Shaw 2007), non des observations. L’origine est le pays d’envoi (où vivent les migrants), la destination le pays bénéficiaire. Valeurs en millions de dollars US courants. Les cellules vides ne sont pas enregistrées.",
		"es": "Estimaciones de un modelo (Ratha y Shaw 2007), no observaciones. El origen es el país de envío (donde viven los migrantes) y el destino, el país receptor. Valores en millones de dólares estadounidenses corrientes. Las celdas vacías no se registran.",
	},
	notesKNOMAD: {
		"fr": "Estimations d’un modèle (Ratha et Shaw 2007), non des observations. L’origine est le pays d’envoi, la destination le pays bénéficiaire. Valeurs en millions de dollars US courants. Les cellules vides ne sont pas enregistrées.",
		"es": "Estimaciones de un modelo (Ratha y Shaw 2007), no observaciones. El origen es el país de envío y el destino, el país receptor. Valores en millones de dólares estadounidenses corrientes. Las celdas vacías no se registran.",
	},
	notesUNHCRPopulation: {
		"fr": "Effectifs à la fin de chaque année. L’origine est le pays d’origine (coo), la destination le pays d’asile (coa). Seules les colonnes refugees et asylum_seekers sont enregistrées ; une cellule vide signifie « non communiqué » et n’est pas enregistrée.",
		"es": "Poblaciones al final de cada año. El origen es el país de origen (coo) y el destino, el país de asilo (coa). Solo se registran las columnas refugees y asylum_seekers; una celda vacía significa «no comunicado» y no se registra.",
	},
	notesUNHCRFlows: {
		"fr": "Flux au cours de chaque année, non des effectifs de fin d’année : refugee_arrivals (colonne refugees : nouveaux réfugiés), asylum_applications (asylum_seekers : nouvelles demandes d’asile), refugee_like_arrivals (refugee_like) et oip_arrivals (oip : autres personnes ayant besoin d’une protection internationale). L’origine est le pays d’origine (coo), la destination le pays d’asile (coa). Une cellule vide signifie « non communiqué » et n’est pas enregistrée (manquante, non nulle).",
		"es": "Flujos durante cada año, no poblaciones a final de año: refugee_arrivals (columna refugees: nuevos refugiados), asylum_applications (asylum_seekers: nuevas solicitudes de asilo), refugee_like_arrivals (refugee_like) y oip_arrivals (oip: otras personas que necesitan protección internacional). El origen es el país de origen (coo) y el destino, el país de asilo (coa). Una celda vacía significa «no comunicado» y no se registra (falta el dato, no es cero).",
	},
	notesUNDESAOriginDestination: {
		"fr": "Effectif de migrants au milieu de l’année, par lieu d’origine et de destination. Les régions et groupes sont enregistrés sous leurs codes de lieu du DAES de l’ONU ; la colonne « Total » est enregistrée avec le monde (001) pour origine ; « .. » est conservé comme valeur manquante et les cellules vides (sans estimation) ne sont pas enregistrées.",
		"es": "Población migrante a mitad de año por lugar de origen y de destino. Las regiones y los grupos se registran con sus códigos de lugar del DAES de la ONU; la columna «Total» se registra con el mundo (001) como origen; «..» se conserva como dato faltante y las celdas vacías (sin estimación) no se registran.",
	},
	notesUNDESATotals: {
		"fr": "Tableaux 1 à 6, par destination et par sexe, au milieu de l’année : migrant_stock (tableau 1, personnes), population (tableau 2, milliers), migrant_share (tableau 3, migrants en % de la population totale), female_migrant_share (tableau 4, migrantes en % de l’effectif de migrants), migrant_stock_growth_rate (tableau 5, taux de variation annuel, % par an), refugee_stock (tableau 6, réfugiés et demandeurs d’asile, personnes), refugee_share (tableau 6, % de l’effectif de migrants) et refugee_stock_growth_rate (tableau 6, % par an). Les taux de variation sur une période (1990-1995) sont enregistrés à sa première année. L’origine est le monde (001) : toutes origines. Les régions et groupes sont enregistrés sous leurs codes M49/DAES de l’ONU ; « .. » est conservé comme valeur manquante.",
		"es": "Cuadros 1 a 6, por destino y sexo, a mitad de año: migrant_stock (cuadro 1, personas), population (cuadro 2, miles), migrant_share (cuadro 3, migrantes en % de la población total), female_migrant_share (cuadro 4, mujeres migrantes en % de la población migrante), migrant_stock_growth_rate (cuadro 5, tasa de variación anual, % al año), refugee_stock (cuadro 6, refugiados y solicitantes de asilo, personas), refugee_share (cuadro 6, % de la población migrante) y refugee_stock_growth_rate (cuadro 6, % al año). Las tasas de variación de un periodo (1990-1995) se registran en su primer año. El origen es el mundo (001): todos los orígenes. Las regiones y los grupos se registran con sus códigos M49/DAES de la ONU; «..» se conserva como dato faltante.",
	},
	licenceNotStated: {"fr": "non indiqué dans le fichier", "es": "no indicada en el archivo"},
	abelLicence:      {"fr": "GPL-3 (fourni avec le paquet R migest, qui cite les sources d’origine)", "es": "GPL-3 (incluido en el paquete R migest, que cita las fuentes originales)"},
	unhcrLicence:     {"fr": "CC BY 4.0 (paquet R refugees ; non vérifiée pour cette copie)", "es": "CC BY 4.0 (paquete R refugees; sin verificar para esta copia)"},
}

// Translate returns an importer's text (a dataset's notes or licence as
// imported) in lang, or the text itself when it has no translation there:
// English, a licence's name, or a curator's own text.
func Translate(text, lang string) string {
	if t := translatedTexts[text][lang]; t != "" {
		return t
	}
	return text
}
