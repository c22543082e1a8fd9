package dialog360

// Interactive is an interactive message (only inside the 24 h service
// window): Type "button" (1–3 reply buttons), "list" (≤10 rows) or "cta_url".
type Interactive struct {
	Type   string             `json:"type"`
	Header *InteractiveHeader `json:"header,omitempty"`
	Body   *InteractiveText   `json:"body,omitempty"`
	Footer *InteractiveText   `json:"footer,omitempty"`
	Action InteractiveAction  `json:"action"`
}

// InteractiveHeader is the header of an interactive message: Type "text"
// with Text, or "image"/"video"/"document" with the matching media.
type InteractiveHeader struct {
	Type     string    `json:"type"`
	Text     string    `json:"text,omitempty"`
	Image    *OutMedia `json:"image,omitempty"`
	Video    *OutMedia `json:"video,omitempty"`
	Document *OutMedia `json:"document,omitempty"`
}

// InteractiveText is a body or footer text.
type InteractiveText struct {
	Text string `json:"text"`
}

// InteractiveAction holds the buttons (type "button"), the list button label
// and sections (type "list"), or the cta_url name and parameters.
type InteractiveAction struct {
	Button     string         `json:"button,omitempty"`
	Buttons    []ReplyButton  `json:"buttons,omitempty"`
	Sections   []ListSection  `json:"sections,omitempty"`
	Name       string         `json:"name,omitempty"`
	Parameters *CTAParameters `json:"parameters,omitempty"`
}

// ReplyButton is one reply button; Type is "reply". Reply.ID (≤256) comes
// back in the user's button_reply, Reply.Title (≤20) is shown.
type ReplyButton struct {
	Type  string `json:"type"`
	Reply Reply  `json:"reply"`
}

// ListSection is a titled group of list rows.
type ListSection struct {
	Title string  `json:"title,omitempty"`
	Rows  []Reply `json:"rows"`
}

// CTAParameters is the label and target of a cta_url button.
type CTAParameters struct {
	DisplayText string `json:"display_text"`
	URL         string `json:"url"`
}

// TemplateMessage sends an approved template; Components fill its variables
// (only components with variables need an entry).
type TemplateMessage struct {
	Name       string              `json:"name"`
	Language   TemplateLanguage    `json:"language"`
	Components []TemplateComponent `json:"components,omitempty"`
}

// TemplateLanguage selects the template's language; Policy ("deterministic")
// is legacy and optional on Cloud.
type TemplateLanguage struct {
	Code   string `json:"code"`
	Policy string `json:"policy,omitempty"`
}

// TemplateComponent fills one component: Type "header", "body" or "button";
// buttons also need SubType ("quick_reply", "url", "copy_code") and Index, the
// button's 0-based position as a string (so "0" is not dropped as empty).
type TemplateComponent struct {
	Type       string      `json:"type"`
	SubType    string      `json:"sub_type,omitempty"`
	Index      string      `json:"index,omitempty"`
	Parameters []Parameter `json:"parameters"`
}

// Parameter is one template variable value. Type names the field that is
// set: text, image, video, document, location, payload, coupon_code,
// currency or date_time. ParameterName is for NAMED-format templates.
type Parameter struct {
	Type          string    `json:"type"`
	ParameterName string    `json:"parameter_name,omitempty"`
	Text          string    `json:"text,omitempty"`
	Payload       string    `json:"payload,omitempty"`
	CouponCode    string    `json:"coupon_code,omitempty"`
	Image         *OutMedia `json:"image,omitempty"`
	Video         *OutMedia `json:"video,omitempty"`
	Document      *OutMedia `json:"document,omitempty"`
	Location      *Location `json:"location,omitempty"`
	Currency      *Currency `json:"currency,omitempty"`
	DateTime      *DateTime `json:"date_time,omitempty"`
}

// Currency is a localized amount; Amount1000 is the amount × 1000.
type Currency struct {
	FallbackValue string `json:"fallback_value"`
	Code          string `json:"code"`
	Amount1000    int64  `json:"amount_1000"`
}

// DateTime is a date shown as FallbackValue.
type DateTime struct {
	FallbackValue string `json:"fallback_value"`
}
