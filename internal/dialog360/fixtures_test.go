package dialog360

// templateMessage is the documented template send example (reference §4).
func templateMessage() OutMessage {
	return OutMessage{To: "34600111222", Type: TypeTemplate, Template: &TemplateMessage{
		Name:     "order_update",
		Language: TemplateLanguage{Code: "es", Policy: "deterministic"},
		Components: []TemplateComponent{
			{Type: "header", Parameters: []Parameter{{Type: "image", Image: &OutMedia{ID: "1013859600285441"}}}},
			{Type: "body", Parameters: []Parameter{
				{Type: "text", Text: "Ana", ParameterName: "first_name"},
				{Type: "currency", Currency: &Currency{FallbackValue: "12,50 €", Code: "EUR", Amount1000: 12500}},
				{Type: "date_time", DateTime: &DateTime{FallbackValue: "1 dic 2026"}},
			}},
			{Type: "button", SubType: "quick_reply", Index: "0", Parameters: []Parameter{{Type: "payload", Payload: "CONFIRM_42"}}},
			{Type: "button", SubType: "url", Index: "1", Parameters: []Parameter{{Type: "text", Text: "orders/42"}}},
			{Type: "button", SubType: "copy_code", Index: "2", Parameters: []Parameter{{Type: "coupon_code", CouponCode: "XMAS25"}}},
		},
	}}
}

// buttonsMessage is an interactive message with an image header and two reply buttons.
func buttonsMessage() OutMessage {
	return OutMessage{To: "34600111222", Type: TypeInteractive, Interactive: &Interactive{
		Type:   "button",
		Header: &InteractiveHeader{Type: "image", Image: &OutMedia{Link: "https://taller.example.es/img/cita.jpg"}},
		Body:   &InteractiveText{Text: "¿Confirmas la cita del miércoles a las 10:00?"},
		Footer: &InteractiveText{Text: "Taller Demo"},
		Action: InteractiveAction{Buttons: []ReplyButton{
			{Type: "reply", Reply: Reply{ID: "confirm_yes", Title: "Sí, confirmo"}},
			{Type: "reply", Reply: Reply{ID: "confirm_no", Title: "Cambiar hora"}},
		}},
	}}
}

// listMessage is an interactive list with one section of two rows.
func listMessage() OutMessage {
	return OutMessage{Recipient: "ES.1502576394655843", Type: TypeInteractive, Interactive: &Interactive{
		Type:   "list",
		Header: &InteractiveHeader{Type: "text", Text: "Horas libres"},
		Body:   &InteractiveText{Text: "Elige una hora para tu cita"},
		Action: InteractiveAction{Button: "Ver horas", Sections: []ListSection{{
			Title: "Miércoles 2 dic",
			Rows: []Reply{
				{ID: "slot_2026-12-02_10", Title: "10:00", Description: "Consulta general, 30 min"},
				{ID: "slot_2026-12-02_12", Title: "12:00"},
			},
		}}},
	}}
}

// templateCreate is a utility template with image header, body variables and buttons.
func templateCreate() TemplateCreate {
	return TemplateCreate{
		Name: "order_ready", Category: "UTILITY", Language: "es", AllowCategoryChange: true,
		Components: []Component{
			{Type: "HEADER", Format: "IMAGE", Example: &ComponentExample{HeaderHandle: []string{"4::aW1hZ2UvanBlZw==:ARZ3k9xN"}}},
			{Type: "BODY", Text: "Hola {{1}}, tu pedido {{2}} está listo.", Example: &ComponentExample{BodyText: [][]string{{"Ana", "42"}}}},
			{Type: "FOOTER", Text: "Taller Demo"},
			{Type: "BUTTONS", Buttons: []Button{
				{Type: "QUICK_REPLY", Text: "Confirmar"},
				{Type: "URL", Text: "Ver pedido", URL: "https://shop.example.es/orders/{{1}}", Example: []string{"https://shop.example.es/orders/42"}},
				{Type: "COPY_CODE", Example: []string{"XMAS25"}},
			}},
		},
	}
}
