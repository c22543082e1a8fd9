package template

import (
	"strings"

	"waba-transport/internal/dialog360"
)

// Slots are the values a send of a template needs, per component, in the
// order the CRM chat gives them (the order ToMG numbers variables in).
type Slots struct {
	Header     string   // "" (none), "text", "image", "video" or "document"
	HeaderVars []string // a text header's variable names: "1", or "first_name" when Named
	Body       []string // the body's distinct variable names, in the chat's order
	// BodyOccurrences names every placeholder of the body in text order
	// ({{1}} twice is two entries). ToMG writes one template item per
	// placeholder, so the chat may give one value per occurrence; the send
	// then takes each variable's value from its first occurrence.
	BodyOccurrences []string
	Named           bool // the template uses named variables: values go with parameter_name
	Buttons         []ButtonSlot
}

// ButtonSlot is one button, at its WhatsApp index. Vars is how many values it
// takes: 1 for a URL with a variable and for a copy-code button, else 0 (a
// quick reply may carry one optional payload). Example is a copy-code
// button's approved example code, the value sent when the chat gives none.
type ButtonSlot struct {
	Type    string // QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE
	Vars    int
	Example string
}

// SlotsOf reads what a send of a template with these components needs.
// Components ToMG refuses never reach a send, so their odd parts are ignored.
func SlotsOf(components []dialog360.Component) Slots {
	var s Slots
	for _, c := range components {
		switch strings.ToUpper(c.Type) {
		case "HEADER":
			switch f := strings.ToUpper(c.Format); f {
			case "", HeaderText:
				vars, _ := Variables(c.Text)
				names, named, _ := varNames(vars)
				s.Header, s.HeaderVars, s.Named = "text", names, s.Named || named
			default:
				s.Header = strings.ToLower(f)
			}
		case "BODY":
			vars, _ := Variables(c.Text)
			names, named, _ := varNames(vars)
			s.Body, s.Named = names, s.Named || named
			for _, v := range vars {
				s.BodyOccurrences = append(s.BodyOccurrences, v.Name)
			}
		case "BUTTONS":
			for _, b := range c.Buttons {
				bs := ButtonSlot{Type: strings.ToUpper(b.Type)}
				switch bs.Type {
				case ButtonURL:
					if vars, _ := Variables(b.URL); len(vars) > 0 {
						bs.Vars = 1
					}
				case ButtonCopyCode:
					bs.Vars = 1
					if len(b.Example) > 0 {
						bs.Example = b.Example[0]
					}
				}
				s.Buttons = append(s.Buttons, bs)
			}
		}
	}
	return s
}

// MGStatus maps a 360dialog or Meta review status (any case) to
// MessageGateway's verification_status: approved; pending (also submitted,
// created, in_appeal); rejected; paused; disabled. Others (deleted,
// archived, ...) give "".
func MGStatus(status string) string {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "approved":
		return "approved"
	case "submitted", "pending", "created", "in_appeal":
		return "pending"
	case "rejected":
		return "rejected"
	case "paused":
		return "paused"
	case "disabled":
		return "disabled"
	}
	return ""
}

// mgCategory maps a WhatsApp category, current or historic, to
// MessageGateway's utility|marketing|authentication.
func mgCategory(c string) string {
	switch strings.ToUpper(strings.TrimSpace(c)) {
	case CategoryMarketing:
		return "marketing"
	case CategoryAuthentication, "OTP":
		return "authentication"
	case CategoryUtility, "TRANSACTIONAL", "ACCOUNT_UPDATE", "PAYMENT_UPDATE", "PERSONAL_FINANCE_UPDATE",
		"SHIPPING_UPDATE", "RESERVATION_UPDATE", "ISSUE_RESOLUTION", "APPOINTMENT_UPDATE",
		"TRANSPORTATION_UPDATE", "TICKET_UPDATE", "ALERT_UPDATE", "AUTO_REPLY":
		return "utility"
	}
	return ""
}

// mgQuality maps Meta's quality rating (GREEN, YELLOW, RED, UNKNOWN) to
// MessageGateway's high|medium|low|pending.
func mgQuality(q *dialog360.QualityScore) string {
	if q == nil {
		return ""
	}
	switch strings.ToUpper(strings.TrimSpace(q.Score)) {
	case "GREEN", "HIGH":
		return "high"
	case "YELLOW", "MEDIUM":
		return "medium"
	case "RED", "LOW":
		return "low"
	case "UNKNOWN", "PENDING":
		return "pending"
	}
	return ""
}

// mgRejection keeps the rejection reasons MessageGateway knows; "NONE" and
// reasons it does not list are left out rather than refused by it.
func mgRejection(r string) string {
	switch s := strings.ToLower(strings.TrimSpace(r)); s {
	case "abusive_content", "incorrect_category", "invalid_format", "scam":
		return s
	}
	return ""
}
