package relay

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"

	"waba-transport/internal/dialog360"
)

// This file renders the WhatsApp message types MessageGateway has no card
// for as readable text, with the labels in the connection's language.

// locationText is "📍 Location: name, address" and a map link anyone can open.
func locationText(l *dialog360.Location, t translator) string {
	place := strings.Join(nonBlank(l.Name, l.Address), ", ")
	head := t("relay.location_pin", nil)
	if place != "" {
		head = t("relay.location", map[string]any{"Place": place})
	}
	link := "https://maps.google.com/?q=" + fmtNumber(l.Latitude) + "," + fmtNumber(l.Longitude)
	return joinLines(head, link, l.URL)
}

// contactsText is one card per shared contact.
func contactsText(cards []dialog360.ContactCard, t translator) string {
	blocks := make([]string, 0, len(cards))
	for _, c := range cards {
		name := firstText(c.Name.FormattedName,
			strings.Join(nonBlank(c.Name.Prefix, c.Name.FirstName, c.Name.MiddleName, c.Name.LastName, c.Name.Suffix), " "))
		out := []string{t("relay.contact", map[string]any{"Name": name})}
		field := func(key, value, typ string) {
			if value = strings.TrimSpace(value); value == "" {
				return
			}
			if typ = strings.ToLower(strings.TrimSpace(typ)); typ != "" {
				value += " (" + typ + ")"
			}
			out = append(out, t(key, nil)+": "+value)
		}
		for _, p := range c.Phones {
			phone := p.Phone
			if phone == "" && p.WaID != "" {
				phone = "+" + p.WaID
			}
			field("relay.contact_phone", phone, p.Type)
		}
		for _, e := range c.Emails {
			field("relay.contact_email", e.Email, e.Type)
		}
		if o := c.Org; o != nil {
			field("relay.contact_org", strings.Join(nonBlank(o.Company, o.Department, o.Title), ", "), "")
		}
		for _, u := range c.URLs {
			field("relay.contact_url", u.URL, u.Type)
		}
		for _, a := range c.Addresses {
			field("relay.contact_address", strings.Join(nonBlank(a.Street, a.Zip+" "+a.City, a.State, a.Country), ", "), a.Type)
		}
		field("relay.contact_birthday", c.Birthday, "")
		blocks = append(blocks, strings.Join(out, "\n"))
	}
	return strings.Join(blocks, "\n\n")
}

// interactiveText is the customer's answer to a button, list or form.
func interactiveText(in *dialog360.InteractiveReply, t translator) (string, bool) {
	switch {
	case in.ButtonReply != nil:
		return firstText(in.ButtonReply.Title, in.ButtonReply.ID), true
	case in.ListReply != nil:
		return joinLines(firstText(in.ListReply.Title, in.ListReply.ID), in.ListReply.Description), true
	case in.NFMReply != nil:
		return formText(in.NFMReply, t), true
	case len(in.CallPermissionReply) > 0:
		var cp struct {
			Response string `json:"response"`
		}
		_ = json.Unmarshal(in.CallPermissionReply, &cp)
		switch cp.Response {
		case "accept":
			return t("relay.call_permission_accept", nil), true
		case "reject":
			return t("relay.call_permission_reject", nil), true
		}
	}
	return "", false
}

// formText lists a submitted flow's or address form's answers as
// "key: value" lines (the flow token is internal and left out).
func formText(n *dialog360.NFMReply, t translator) string {
	head := t("relay.form_reply", nil)
	if n.Name == "address_message" {
		head = t("relay.address_reply", nil)
	}
	out := []string{head}
	pairs, err := jsonPairs([]byte(n.ResponseJSON))
	if err != nil {
		return joinLines(head, n.Body, n.ResponseJSON)
	}
	for _, kv := range pairs {
		if kv[0] != "flow_token" && strings.TrimSpace(kv[1]) != "" {
			out = append(out, kv[0]+": "+kv[1])
		}
	}
	return strings.Join(out, "\n")
}

// orderText lists a catalog cart: product × quantity and price per line, the
// total per currency, then the customer's note.
func orderText(o *dialog360.Order, t translator) string {
	out := []string{t("relay.order", nil)}
	totals := map[string]float64{}
	var currencies []string
	for _, it := range o.ProductItems {
		line := "• " + it.ProductRetailerID + " × " + fmtNumber(it.Quantity)
		if it.ItemPrice != 0 || it.Currency != "" {
			line += " — " + strings.TrimSpace(fmtMoney(float64(it.ItemPrice))+" "+it.Currency)
		}
		out = append(out, line)
		if _, seen := totals[it.Currency]; !seen {
			currencies = append(currencies, it.Currency)
		}
		totals[it.Currency] += float64(it.ItemPrice) * float64(it.Quantity)
	}
	sums := make([]string, 0, len(currencies))
	for _, cur := range currencies {
		sums = append(sums, strings.TrimSpace(fmtMoney(totals[cur])+" "+cur))
	}
	if len(sums) > 0 {
		out = append(out, t("relay.order_total", map[string]any{"Total": strings.Join(sums, " + ")}))
	}
	if note := waToChat(strings.TrimSpace(o.Text)); note != "" {
		out = append(out, "", note)
	}
	return strings.Join(out, "\n")
}

// systemText is a notice about a change of the customer's WhatsApp account.
func systemText(s *dialog360.System, t translator) (string, bool) {
	switch s.Type {
	case "customer_changed_number":
		if s.WaID != "" {
			return t("relay.system_number", map[string]any{"Phone": "+" + strings.TrimPrefix(s.WaID, "+")}), true
		}
	case "user_changed_user_id":
		if s.UserID != "" {
			return t("relay.system_user_id", map[string]any{"UserID": s.UserID}), true
		}
	case "customer_identity_changed":
		return t("relay.system_identity", nil), true
	}
	if body := strings.TrimSpace(s.Body); body != "" {
		return t("relay.system_notice", map[string]any{"Text": body}), true
	}
	return "", false
}

// unsupportedText is the placeholder for what cannot be shown, with
// WhatsApp's explanation when it gives one.
func unsupportedText(m *dialog360.Message, t translator) string {
	typ := m.Type
	switch {
	case m.Unsupported != nil && m.Unsupported.Type != "":
		typ = m.Unsupported.Type
	case m.Type == dialog360.TypeInteractive && m.Interactive != nil && m.Interactive.Type != "":
		typ += "/" + m.Interactive.Type
	case typ == "":
		typ = "?"
	}
	s := t("relay.unsupported", map[string]any{"Type": typ})
	for _, e := range m.Errors {
		if r := errorReason(e); r != "" {
			s += "\n" + t("relay.unsupported_reason", map[string]any{"Reason": r})
		}
	}
	return s
}

// errorReason is "Title (code): details", from whichever parts WhatsApp sent.
func errorReason(e dialog360.ErrorDetail) string {
	title := firstText(e.Title, e.Message)
	details := firstText(e.ErrorData.Details, e.Details)
	if details == "" && e.Message != title {
		details = e.Message
	}
	s := title
	if e.Code != 0 {
		s = strings.TrimSpace(s + " (" + strconv.Itoa(e.Code) + ")")
	}
	if details != "" && s != "" {
		return s + ": " + details
	}
	return s + details
}

// jsonPairs lists the key/value pairs of a JSON object in document order,
// nested objects flattened into their own pairs.
func jsonPairs(raw []byte) ([][2]string, error) {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var out [][2]string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if nested, err := jsonPairs(v); err == nil {
			out = append(out, nested...)
			continue
		}
		out = append(out, [2]string{key, jsonText(v)})
	}
	return out, nil
}

// jsonText shows a JSON value: strings unquoted, lists joined, others as is.
func jsonText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) == nil {
		parts := make([]string, len(list))
		for i, item := range list {
			parts[i] = jsonText(item)
		}
		return strings.Join(parts, ", ")
	}
	return string(v)
}

// fmtNumber shows a quantity or coordinate without trailing zeros.
func fmtNumber(n dialog360.Number) string { return strconv.FormatFloat(float64(n), 'f', -1, 64) }

// fmtMoney shows an amount with two decimals.
func fmtMoney(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64) }

// extFor is a file extension for the media types WhatsApp sends, so a file
// without a name still opens with the right program. A fixed table, not the
// system's MIME database, so names do not depend on the host.
func extFor(mimeType string) string {
	base, _, _ := strings.Cut(mimeType, ";")
	base = strings.ToLower(strings.TrimSpace(base))
	switch base {
	case "image/jpeg":
		return ".jpg"
	case "audio/mpeg":
		return ".mp3"
	case "audio/mp4":
		return ".m4a"
	case "video/3gpp":
		return ".3gp"
	case "text/plain":
		return ".txt"
	case "application/msword":
		return ".doc"
	case "application/vnd.ms-excel":
		return ".xls"
	case "application/vnd.ms-powerpoint":
		return ".ppt"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return ".xlsx"
	case "application/vnd.openxmlformats-officedocument.presentationml.presentation":
		return ".pptx"
	}
	// image/png, image/webp, video/mp4, audio/ogg, audio/aac, audio/amr, application/pdf ...
	_, sub, _ := strings.Cut(base, "/")
	if sub == "" || len(sub) > 8 || strings.IndexFunc(sub, func(r rune) bool { return !isWordRune(r) }) >= 0 {
		return ""
	}
	return "." + sub
}

// nonBlank keeps the parts that are not blank, trimmed.
func nonBlank(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
