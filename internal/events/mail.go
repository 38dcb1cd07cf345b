package events

import "fmt"

// registrationMail is the subject and body of the e-mail for a
// registration change (confirmed, waitlisted, pending, cancelled,
// promoted) in lang (English when it has none).
func registrationMail(e Event, lang, what string) (string, string) {
	if lang != "fr" && lang != "es" {
		lang = "en"
	}
	title := e.TitleIn(lang)
	loc := e.Location()
	when := e.Starts.In(loc).Format("2006-01-02 15:04") + " (" + e.TimeZone + ")"
	if e.AllDay {
		when = e.Starts.In(loc).Format("2006-01-02") + " – " + e.LastDay().Format("2006-01-02")
	}
	texts := map[string]map[string][2]string{
		"en": {
			Confirmed:  {"Registration confirmed: %s", "Your place at %s, %s, is confirmed.\n\nAdd it to your calendar from the event's page. To cancel, use the button there."},
			Waitlisted: {"On the waiting list: %s", "%s is full; you are on the waiting list (from %s). We will write when a place frees up."},
			Pending:    {"Registration received: %s", "Your registration for %s (%s) awaits the organisers' approval."},
			Withdrawn:  {"Registration cancelled: %s", "Your registration for %s (%s) is cancelled."},
			"rejected": {"Registration not accepted: %s", "The organisers of %s (%s) could not accept your registration."},
			"promoted": {"A place is yours: %s", "A place freed up at %s (%s): your registration is now confirmed."},
		},
		"fr": {
			Confirmed:  {"Inscription confirmée : %s", "Votre place à « %s », %s, est confirmée.\n\nAjoutez-la à votre agenda depuis la page de l'événement. Pour annuler, utilisez le bouton de cette page."},
			Waitlisted: {"En liste d'attente : %s", "« %s » est complet ; vous êtes en liste d'attente (à partir du %s). Nous vous écrirons si une place se libère."},
			Pending:    {"Inscription reçue : %s", "Votre inscription à « %s » (%s) attend l'accord des organisateurs."},
			Withdrawn:  {"Inscription annulée : %s", "Votre inscription à « %s » (%s) est annulée."},
			"rejected": {"Inscription non retenue : %s", "Les organisateurs de « %s » (%s) n'ont pas pu retenir votre inscription."},
			"promoted": {"Une place pour vous : %s", "Une place s'est libérée à « %s » (%s) : votre inscription est confirmée."},
		},
		"es": {
			Confirmed:  {"Inscripción confirmada: %s", "Su plaza en «%s», %s, está confirmada.\n\nAñádala a su calendario desde la página del evento. Para cancelar, use el botón de esa página."},
			Waitlisted: {"En lista de espera: %s", "«%s» está completo; está en la lista de espera (desde %s). Le escribiremos si se libera una plaza."},
			Pending:    {"Inscripción recibida: %s", "Su inscripción en «%s» (%s) espera la aprobación de los organizadores."},
			Withdrawn:  {"Inscripción cancelada: %s", "Su inscripción en «%s» (%s) está cancelada."},
			"rejected": {"Inscripción no aceptada: %s", "Los organizadores de «%s» (%s) no pudieron aceptar su inscripción."},
			"promoted": {"Una plaza para usted: %s", "Se liberó una plaza en «%s» (%s): su inscripción está confirmada."},
		},
	}
	t := texts[lang][what]
	return fmt.Sprintf(t[0], title), fmt.Sprintf(t[1], title, when)
}
