package community

import "fmt"

// The e-mails applicants and referees receive, in the applicant's
// language: subject and body, each with %[1]s the recipient's name and
// %[2]s the call's title.
var mailTexts = map[string]map[string][2]string{
	"en": {
		"received": {"Application received: %[2]s", "Dear %[1]s,\n\nWe have received your application to \"%[2]s\". You can follow its status under \"My applications\".\n\nThe Corridor team"},
		Accepted:   {"Your application: %[2]s", "Dear %[1]s,\n\nWe are pleased to tell you that your application to \"%[2]s\" has been accepted. We will write to you shortly about the next steps.\n\nThe Corridor team"},
		Rejected:   {"Your application: %[2]s", "Dear %[1]s,\n\nThank you for applying to \"%[2]s\". After careful review we are unable to offer you a place this time. We wish you every success.\n\nThe Corridor team"},
	},
	"fr": {
		"received": {"Candidature reçue : %[2]s", "Bonjour %[1]s,\n\nNous avons bien reçu votre candidature à « %[2]s ». Vous pouvez en suivre l'état sous « Mes candidatures ».\n\nL'équipe Corridor"},
		Accepted:   {"Votre candidature : %[2]s", "Bonjour %[1]s,\n\nNous avons le plaisir de vous annoncer que votre candidature à « %[2]s » a été retenue. Nous vous écrirons prochainement au sujet des prochaines étapes.\n\nL'équipe Corridor"},
		Rejected:   {"Votre candidature : %[2]s", "Bonjour %[1]s,\n\nMerci de votre candidature à « %[2]s ». Après un examen attentif, nous ne pouvons pas vous proposer de place cette fois-ci. Nous vous souhaitons plein succès.\n\nL'équipe Corridor"},
	},
	"es": {
		"received": {"Solicitud recibida: %[2]s", "Estimado/a %[1]s:\n\nHemos recibido su solicitud para «%[2]s». Puede seguir su estado en «Mis solicitudes».\n\nEl equipo de Corridor"},
		Accepted:   {"Su solicitud: %[2]s", "Estimado/a %[1]s:\n\nNos complace comunicarle que su solicitud para «%[2]s» ha sido aceptada. Le escribiremos en breve sobre los próximos pasos.\n\nEl equipo de Corridor"},
		Rejected:   {"Su solicitud: %[2]s", "Estimado/a %[1]s:\n\nGracias por su solicitud para «%[2]s». Tras un examen cuidadoso, no podemos ofrecerle una plaza en esta ocasión. Le deseamos mucho éxito.\n\nEl equipo de Corridor"},
	},
}

func mailText(lang, which, name, call string) (string, string) {
	t, ok := mailTexts[lang]
	if !ok {
		t = mailTexts["en"]
	}
	m := t[which]
	return fmt.Sprintf(m[0], name, call), fmt.Sprintf(m[1], name, call)
}

var referenceTexts = map[string][2]string{
	"en": {"Reference letter for %[2]s", "Dear %[1]s,\n\n%[2]s has named you as a referee for their application to \"%[3]s\". Please upload your letter (a PDF) through this link, which works once:\n\n%[4]s\n\nThe Corridor team"},
	"fr": {"Lettre de recommandation pour %[2]s", "Bonjour %[1]s,\n\n%[2]s vous a désigné·e comme référent·e pour sa candidature à « %[3]s ». Merci de déposer votre lettre (un PDF) par ce lien, valable une seule fois :\n\n%[4]s\n\nL'équipe Corridor"},
	"es": {"Carta de referencia para %[2]s", "Estimado/a %[1]s:\n\n%[2]s le ha indicado como referencia para su solicitud a «%[3]s». Le rogamos que suba su carta (un PDF) mediante este enlace, válido una sola vez:\n\n%[4]s\n\nEl equipo de Corridor"},
}

func referenceMail(lang, referee, applicant, call, link string) (string, string) {
	t, ok := referenceTexts[lang]
	if !ok {
		t = referenceTexts["en"]
	}
	return fmt.Sprintf(t[0], referee, applicant), fmt.Sprintf(t[1], referee, applicant, call, link)
}
