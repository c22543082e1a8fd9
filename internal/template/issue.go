package template

// Issue is one problem in a draft. Field is a JSON path into Draft ("name",
// "body.text", "body.examples[0]", "buttons[1].text"; indexes from 0), Key a
// message key in the template locale area, Args the values its message uses.
type Issue struct {
	Field string         `json:"field"`
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
}

// Message keys. Every key here has a message in template.{en,es,ru,pt}.json;
// the tests check both directions.
const (
	keyNameRequired = "template.name.required"
	keyNameTooLong  = "template.name.too_long"
	keyNameUpper    = "template.name.uppercase"
	keyNameChars    = "template.name.chars"

	keyCategoryRequired = "template.category.required"
	keyCategoryUnknown  = "template.category.unknown"
	keyLanguageRequired = "template.language.required"
	keyLanguageUnknown  = "template.language.unknown"
	keyKindUnknown      = "template.kind.unknown"
	keyFormatUnknown    = "template.parameter_format.unknown"

	keyBasicHeader  = "template.basic.header"
	keyBasicFooter  = "template.basic.footer"
	keyBasicButtons = "template.basic.buttons"

	keyHeaderFormat   = "template.header.format.unknown"
	keyHeaderText     = "template.header.text.required"
	keyHeaderTooLong  = "template.header.text.too_long"
	keyHeaderVars     = "template.header.text.too_many_vars"
	keyHeaderMedia    = "template.header.media.required"
	keyHeaderMediaURL = "template.header.media.url_invalid"

	keyBodyRequired = "template.body.text.required"
	keyBodyTooLong  = "template.body.text.too_long"
	keyBodyStarts   = "template.body.starts_with_var"
	keyBodyEnds     = "template.body.ends_with_var"
	keyBodyAdjacent = "template.body.adjacent_vars"
	keyBodyTooMany  = "template.body.too_many_vars"

	keyVarMalformed     = "template.var.malformed"
	keyVarSequence      = "template.var.sequence"
	keyVarMixed         = "template.var.mixed"
	keyVarNeedNamed     = "template.var.named_needs_format"
	keyVarNeedPosition  = "template.var.positional_needs_format"
	keyExampleRequired  = "template.example.required"
	keyExampleSpace     = "template.example.whitespace"
	keyFooterTooLong    = "template.footer.too_long"
	keyFooterVars       = "template.footer.vars"
	keyButtonType       = "template.button.type.unknown"
	keyButtonText       = "template.button.text.required"
	keyButtonTextLong   = "template.button.text.too_long"
	keyButtonDuplicate  = "template.button.text.duplicate"
	keyURLRequired      = "template.button.url.required"
	keyURLTooLong       = "template.button.url.too_long"
	keyURLHTTPS         = "template.button.url.https"
	keyURLVars          = "template.button.url.too_many_vars"
	keyURLVarEnd        = "template.button.url.var_not_at_end"
	keyURLVarName       = "template.button.url.var_name"
	keyURLExample       = "template.button.url.example_required"
	keyURLExampleSpace  = "template.button.url.example_invalid"
	keyPhoneRequired    = "template.button.phone.required"
	keyPhoneTooLong     = "template.button.phone.too_long"
	keyPhoneInvalid     = "template.button.phone.invalid"
	keyCodeRequired     = "template.button.copy_code.required"
	keyCodeTooLong      = "template.button.copy_code.too_long"
	keyTooManyQuick     = "template.buttons.too_many_quick_replies"
	keyTooManyURL       = "template.buttons.too_many_urls"
	keyTooManyPhone     = "template.buttons.too_many_phones"
	keyTooManyCopyCode  = "template.buttons.too_many_copy_codes"
	keyButtonsUngrouped = "template.buttons.not_grouped"
)

// allKeys lists every key Validate can return (a constant table for tests).
var allKeys = [...]string{
	keyNameRequired, keyNameTooLong, keyNameUpper, keyNameChars,
	keyCategoryRequired, keyCategoryUnknown, keyLanguageRequired, keyLanguageUnknown,
	keyKindUnknown, keyFormatUnknown, keyBasicHeader, keyBasicFooter, keyBasicButtons,
	keyHeaderFormat, keyHeaderText, keyHeaderTooLong, keyHeaderVars, keyHeaderMedia, keyHeaderMediaURL,
	keyBodyRequired, keyBodyTooLong, keyBodyStarts, keyBodyEnds, keyBodyAdjacent, keyBodyTooMany,
	keyVarMalformed, keyVarSequence, keyVarMixed, keyVarNeedNamed, keyVarNeedPosition,
	keyExampleRequired, keyExampleSpace, keyFooterTooLong, keyFooterVars,
	keyButtonType, keyButtonText, keyButtonTextLong, keyButtonDuplicate,
	keyURLRequired, keyURLTooLong, keyURLHTTPS, keyURLVars, keyURLVarEnd, keyURLVarName,
	keyURLExample, keyURLExampleSpace, keyPhoneRequired, keyPhoneTooLong, keyPhoneInvalid,
	keyCodeRequired, keyCodeTooLong, keyTooManyQuick, keyTooManyURL, keyTooManyPhone,
	keyTooManyCopyCode, keyButtonsUngrouped,
}

// Limits, in Unicode code points (see the package doc for sources).
const (
	maxName       = 512
	maxBody       = 1024
	maxHeaderText = 60
	maxFooter     = 60
	maxButtonText = 25
	maxURL        = 2000
	maxPhone      = 20
	maxCopyCode   = 15
	maxQuick      = 3
	maxURLButtons = 1
	maxPhones     = 1
	maxCopyCodes  = 1
	maxSpaces     = 4 // consecutive spaces allowed in an example value
)

// issues collects Issue values; a small helper so checks read as one line.
type issues []Issue

// add appends an issue; args are alternating name, value pairs.
func (is *issues) add(field, key string, args ...any) {
	var m map[string]any
	if len(args) > 0 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i].(string)] = args[i+1]
		}
	}
	*is = append(*is, Issue{Field: field, Key: key, Args: m})
}
