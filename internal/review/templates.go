package review

// defaultTemplates are the e-mails as shipped: [subject, body] per
// language. Editors may rewrite any (SetTemplate).
var defaultTemplates = map[string]map[string][2]string{
	"invitation": {
		"en": {"Invitation to review: {{.Title}}", "You are invited to review a submission to \"{{.Call}}\".\n\nTitle: {{.Title}}\n\n{{.Abstract}}\n\nPlease accept or decline, and send your review by {{.Due}}:\n{{.Link}}\n"},
		"fr": {"Invitation à évaluer : {{.Title}}", "Vous êtes invité·e à évaluer une soumission à « {{.Call}} ».\n\nTitre : {{.Title}}\n\n{{.Abstract}}\n\nMerci d'accepter ou de décliner, et d'envoyer votre évaluation avant le {{.Due}} :\n{{.Link}}\n"},
		"es": {"Invitación a evaluar: {{.Title}}", "Le invitamos a evaluar un envío a «{{.Call}}».\n\nTítulo: {{.Title}}\n\n{{.Abstract}}\n\nAcepte o rechace la invitación y envíe su evaluación antes del {{.Due}}:\n{{.Link}}\n"},
	},
	"reminder": {
		"en": {"Reminder: your review of \"{{.Title}}\" is due on {{.Due}}", "This is a reminder that your review of \"{{.Title}}\" is due on {{.Due}}.\n{{.Link}}\n"},
		"fr": {"Rappel : votre évaluation de « {{.Title}} » est attendue le {{.Due}}", "Nous vous rappelons que votre évaluation de « {{.Title}} » est attendue le {{.Due}}.\n{{.Link}}\n"},
		"es": {"Recordatorio: su evaluación de «{{.Title}}» vence el {{.Due}}", "Le recordamos que su evaluación de «{{.Title}}» vence el {{.Due}}.\n{{.Link}}\n"},
	},
	"overdue": {
		"en": {"Overdue: your review of \"{{.Title}}\" was due on {{.Due}}", "Your review of \"{{.Title}}\" was due on {{.Due}}. Please send it, or tell the editors when you can.\n{{.Link}}\n"},
		"fr": {"En retard : votre évaluation de « {{.Title}} » était attendue le {{.Due}}", "Votre évaluation de « {{.Title}} » était attendue le {{.Due}}. Merci de l'envoyer, ou d'indiquer aux éditeurs quand vous le pourrez.\n{{.Link}}\n"},
		"es": {"Atrasada: su evaluación de «{{.Title}}» vencía el {{.Due}}", "Su evaluación de «{{.Title}}» vencía el {{.Due}}. Envíela, o indique a los editores cuándo podrá hacerlo.\n{{.Link}}\n"},
	},
	"decision": {
		"en": {"Decision on your submission \"{{.Title}}\": {{.Decision}}", "The editors of \"{{.Call}}\" decided: {{.Decision}}.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"Décision sur votre soumission « {{.Title}} » : {{.Decision}}", "Les éditeurs de « {{.Call}} » ont décidé : {{.Decision}}.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"Decisión sobre su envío «{{.Title}}»: {{.Decision}}", "Los editores de «{{.Call}}» han decidido: {{.Decision}}.\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_send_to_review": {
		"en": {"Your submission \"{{.Title}}\" is under review", "Your submission to \"{{.Call}}\" has been sent to review.\n{{.Link}}\n"},
		"fr": {"Votre soumission « {{.Title}} » est en évaluation", "Votre soumission à « {{.Call}} » a été envoyée en évaluation.\n{{.Link}}\n"},
		"es": {"Su envío «{{.Title}}» está en evaluación", "Su envío a «{{.Call}}» ha pasado a evaluación.\n{{.Link}}\n"},
	},
	"decision_desk_reject": {
		"en": {"Your submission \"{{.Title}}\" was declined", "The editors of \"{{.Call}}\" declined your submission without review.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"Votre soumission « {{.Title}} » est refusée", "Les éditeurs de « {{.Call}} » ont refusé votre soumission sans évaluation.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"Su envío «{{.Title}}» ha sido rechazado", "Los editores de «{{.Call}}» han rechazado su envío sin evaluación.\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_accept": {
		"en": {"Your submission \"{{.Title}}\" is accepted", "The editors of \"{{.Call}}\" accepted your submission. It now goes to copyediting.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"Votre soumission « {{.Title}} » est acceptée", "Les éditeurs de « {{.Call}} » ont accepté votre soumission. Elle passe à la révision éditoriale.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"Su envío «{{.Title}}» ha sido aceptado", "Los editores de «{{.Call}}» han aceptado su envío. Pasa ahora a corrección de estilo.\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_decline": {
		"en": {"Your submission \"{{.Title}}\" was declined", "After review, the editors of \"{{.Call}}\" declined your submission.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"Votre soumission « {{.Title}} » est refusée", "Après évaluation, les éditeurs de « {{.Call}} » ont refusé votre soumission.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"Su envío «{{.Title}}» ha sido rechazado", "Tras la evaluación, los editores de «{{.Call}}» han rechazado su envío.\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_revisions": {
		"en": {"Revisions requested: \"{{.Title}}\"", "The editors of \"{{.Call}}\" ask for revisions, which they will read without a new round of review.\n\n{{.Note}}\n\nUpload the revised files and answer here:\n{{.Link}}\n"},
		"fr": {"Révisions demandées : « {{.Title}} »", "Les éditeurs de « {{.Call}} » demandent des révisions, qu'ils liront sans nouveau tour d'évaluation.\n\n{{.Note}}\n\nDéposez les fichiers révisés et répondez ici :\n{{.Link}}\n"},
		"es": {"Revisiones solicitadas: «{{.Title}}»", "Los editores de «{{.Call}}» solicitan revisiones, que leerán sin una nueva ronda de evaluación.\n\n{{.Note}}\n\nSuba los archivos revisados y responda aquí:\n{{.Link}}\n"},
	},
	"decision_new_round": {
		"en": {"Resubmit for review: \"{{.Title}}\"", "The editors of \"{{.Call}}\" ask for major revisions; the revised work will go through a new round of review.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"À soumettre de nouveau : « {{.Title}} »", "Les éditeurs de « {{.Call}} » demandent des révisions majeures ; le travail révisé passera par un nouveau tour d'évaluation.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"Reenvío para evaluación: «{{.Title}}»", "Los editores de «{{.Call}}» solicitan revisiones mayores; el trabajo revisado pasará por una nueva ronda de evaluación.\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_send_to_production": {
		"en": {"\"{{.Title}}\" is in production", "Copyediting of your submission to \"{{.Call}}\" is done; it is now in production.\n{{.Link}}\n"},
		"fr": {"« {{.Title}} » est en production", "La révision éditoriale de votre soumission à « {{.Call}} » est terminée ; elle est en production.\n{{.Link}}\n"},
		"es": {"«{{.Title}}» está en producción", "La corrección de estilo de su envío a «{{.Call}}» ha terminado; está en producción.\n{{.Link}}\n"},
	},
	"decision_publish": {
		"en": {"\"{{.Title}}\" is published", "Your work is published:\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"« {{.Title}} » est publié", "Votre travail est publié :\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"«{{.Title}}» ha sido publicado", "Su trabajo ha sido publicado:\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_change_track": {
		"en": {"\"{{.Title}}\" moves to the track {{.Detail}}", "The organisers of \"{{.Call}}\" moved your abstract to the track \"{{.Detail}}\".\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"« {{.Title}} » passe dans la session {{.Detail}}", "Les organisateurs de « {{.Call}} » ont placé votre résumé dans la session « {{.Detail}} ».\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"«{{.Title}}» pasa a la línea {{.Detail}}", "Los organizadores de «{{.Call}}» han pasado su resumen a la línea «{{.Detail}}».\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_mark_duplicate": {
		"en": {"\"{{.Title}}\" is a duplicate", "The organisers of \"{{.Call}}\" found that your abstract duplicates \"{{.Detail}}\", which they consider instead; this one is closed.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"« {{.Title}} » est un doublon", "Les organisateurs de « {{.Call}} » ont constaté que votre résumé fait doublon avec « {{.Detail}} », qu'ils examinent à sa place ; celui-ci est clos.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"«{{.Title}}» es un duplicado", "Los organizadores de «{{.Call}}» han constatado que su resumen duplica «{{.Detail}}», que examinan en su lugar; este queda cerrado.\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
	"decision_merge": {
		"en": {"\"{{.Title}}\" is merged", "The organisers of \"{{.Call}}\" merged your abstract into \"{{.Detail}}\"; its authors are now authors of that contribution.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"fr": {"« {{.Title}} » est fusionné", "Les organisateurs de « {{.Call}} » ont fusionné votre résumé avec « {{.Detail}} » ; ses auteurs sont désormais auteurs de cette contribution.\n\n{{.Note}}\n\n{{.Link}}\n"},
		"es": {"«{{.Title}}» ha sido fusionado", "Los organizadores de «{{.Call}}» han fusionado su resumen con «{{.Detail}}»; sus autores son ahora autores de esa contribución.\n\n{{.Note}}\n\n{{.Link}}\n"},
	},
}
