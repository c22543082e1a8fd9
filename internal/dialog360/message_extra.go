package dialog360

import "encoding/json"

// Interactive reply types (InteractiveReply.Type).
const (
	ReplyTypeButton         = "button_reply"
	ReplyTypeCallPermission = "call_permission_reply"
	ReplyTypeList           = "list_reply"
	ReplyTypeNFM            = "nfm_reply"
)

// InteractiveReply is the user's answer to an interactive message: a reply
// button, a list row, or a flow / address form (nfm_reply).
type InteractiveReply struct {
	Type                string          `json:"type"`
	ButtonReply         *Reply          `json:"button_reply,omitempty"`
	ListReply           *Reply          `json:"list_reply,omitempty"`
	NFMReply            *NFMReply       `json:"nfm_reply,omitempty"`
	CallPermissionReply json.RawMessage `json:"call_permission_reply,omitempty"`
}

// Reply is a chosen button or list row; the same shape is used when sending
// reply buttons and list rows.
type Reply struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// NFMReply is a submitted flow ("flow") or address form ("address_message");
// ResponseJSON is itself a JSON document, as a string.
type NFMReply struct {
	Name         string `json:"name,omitempty"`
	Body         string `json:"body,omitempty"`
	ResponseJSON string `json:"response_json"`
}

// ContactCard is a shared contact (type "contacts"), also used to send one.
type ContactCard struct {
	Addresses []ContactAddress `json:"addresses,omitempty"`
	Birthday  string           `json:"birthday,omitempty"` // YYYY-MM-DD
	Emails    []ContactEmail   `json:"emails,omitempty"`
	Name      ContactName      `json:"name"`
	Org       *ContactOrg      `json:"org,omitempty"`
	Phones    []ContactPhone   `json:"phones,omitempty"`
	URLs      []ContactURL     `json:"urls,omitempty"`
}

// ContactAddress is a postal address of a ContactCard.
type ContactAddress struct {
	Street      string `json:"street,omitempty"`
	City        string `json:"city,omitempty"`
	State       string `json:"state,omitempty"`
	Zip         string `json:"zip,omitempty"`
	Country     string `json:"country,omitempty"`
	CountryCode string `json:"country_code,omitempty"`
	Type        string `json:"type,omitempty"`
}

// ContactEmail is an e-mail address of a ContactCard.
type ContactEmail struct {
	Email string `json:"email,omitempty"`
	Type  string `json:"type,omitempty"`
}

// ContactName is the name of a ContactCard; FormattedName is required.
type ContactName struct {
	FormattedName string `json:"formatted_name"`
	FirstName     string `json:"first_name,omitempty"`
	LastName      string `json:"last_name,omitempty"`
	MiddleName    string `json:"middle_name,omitempty"`
	Suffix        string `json:"suffix,omitempty"`
	Prefix        string `json:"prefix,omitempty"`
}

// ContactOrg is the employer of a ContactCard.
type ContactOrg struct {
	Company    string `json:"company,omitempty"`
	Department string `json:"department,omitempty"`
	Title      string `json:"title,omitempty"`
}

// ContactPhone is a phone number of a ContactCard; WaID is set when the number
// is on WhatsApp.
type ContactPhone struct {
	Phone string `json:"phone,omitempty"`
	WaID  string `json:"wa_id,omitempty"`
	Type  string `json:"type,omitempty"`
}

// ContactURL is a web address of a ContactCard.
type ContactURL struct {
	URL  string `json:"url,omitempty"`
	Type string `json:"type,omitempty"`
}
