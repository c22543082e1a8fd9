package dialog360

import "encoding/json"

// messageCases is the expected value of each message corpus file.
func messageCases() map[string]Value {
	one := func(m Message) Value { return Value{Contacts: []Contact{ana()}, Messages: []Message{fromAna(m)}} }
	reply := &Context{From: "34911222333", ID: outWamid}
	unsupportedErr := []ErrorDetail{{Code: 131051, Title: "Message type unknown", Message: "Message type unknown",
		ErrorData: ErrorData{Details: "Message type is currently not supported."}}}
	return map[string]Value{
		"text": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQUJDMTIzNDU2Nzg5MEFCQ0RFRgA=", Timestamp: "1767016800", Type: TypeText,
			Text: &Text{Body: "Hola, ¿tenéis cita mañana?"}}),
		"image": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzRUIwOEI1QUY5RDA3MUM2QTJFAA==", Timestamp: "1767016900", Type: TypeImage,
			Image: &InMedia{Caption: "Factura de octubre", MimeType: "image/jpeg", SHA256: "81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3",
				ID: "1013859600285441", URL: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1013859600285441&ext=1767017200&hash=ATuKq3vX0nFpZxOa2Lr8"}}),
		"audio_voice": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQTk5RkE3QjJFMDQ1RDEyMzQ1AA==", Timestamp: "1767016950", Type: TypeAudio,
			Audio: &InMedia{Voice: true, MimeType: "audio/ogg; codecs=opus", SHA256: "5c6f2a1d9e0b3c7a4f8e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a",
				ID: "2304981170562219", URL: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=2304981170562219&ext=1767017250&hash=ATvW9mN3"}}),
		"document": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQUQ0NTZFMjM5QkMxRjA3OEQ5AA==", Timestamp: "1767017010", Type: TypeDocument,
			Document: &InMedia{Caption: "Presupuesto firmado", Filename: "presupuesto_2026-12.pdf", MimeType: "application/pdf",
				SHA256: "d2b0c1f4a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2", ID: "887215934460112"}}),
		"sticker": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQjFGMjdBODhDOUQ0RTVGNjA3AA==", Timestamp: "1767017020", Type: TypeSticker,
			Sticker: &InMedia{Animated: true, MimeType: "image/webp", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", ID: "1458203399917746",
				URL: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1458203399917746&ext=1767017320&hash=ATs7Kp"}}),
		"video": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQzg4RDFBMEU3RjZCNUE0QjMyAA==", Timestamp: "1767017030", Type: TypeVideo,
			Video: &InMedia{Caption: "Así llega el paquete", MimeType: "video/mp4", SHA256: "f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f809", ID: "3399184520076631"}}),
		"location": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzRDc3RTJCMUMwQTlGOEU3RDZDAA==", Timestamp: "1767017040", Type: TypeLocation,
			Location: &Location{Latitude: 40.416775, Longitude: -3.70379, Name: "Puerta del Sol", Address: "Plaza de la Puerta del Sol, 28013 Madrid", URL: "https://maps.example.com/sol"}}),
		"contacts": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzRTY2RjNDMkIxQTBGOUU4RDdDAA==", Timestamp: "1767017050", Type: TypeContacts,
			Contacts: []ContactCard{{
				Name:      ContactName{FormattedName: "Carlos Pérez Gómez", FirstName: "Carlos", LastName: "Pérez", MiddleName: "Gómez"},
				Phones:    []ContactPhone{{Phone: "+34 612 345 678", WaID: "34612345678", Type: "CELL"}, {Phone: "+34 911 000 111", Type: "WORK"}},
				Emails:    []ContactEmail{{Email: "carlos@example.es", Type: "WORK"}},
				Org:       &ContactOrg{Company: "Talleres Pérez", Department: "Ventas", Title: "Gerente"},
				URLs:      []ContactURL{{URL: "https://talleresperez.example.es", Type: "WORK"}},
				Addresses: []ContactAddress{{Street: "Calle Mayor 1", City: "Madrid", State: "Madrid", Zip: "28013", Country: "España", CountryCode: "ES", Type: "WORK"}},
				Birthday:  "1985-03-17",
			}}}),
		"interactive_button_reply": one(Message{Context: reply, ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzRjU1QTRCM0MyRDFFMEYwQTlCAA==", Timestamp: "1767017000", Type: TypeInteractive,
			Interactive: &InteractiveReply{Type: ReplyTypeButton, ButtonReply: &Reply{ID: "confirm_yes", Title: "Sí, confirmo"}}}),
		"interactive_list_reply": one(Message{Context: reply, ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzMDQ0QjVDNkQ3RThGOUEwQjFDAA==", Timestamp: "1767017005", Type: TypeInteractive,
			Interactive: &InteractiveReply{Type: ReplyTypeList, ListReply: &Reply{ID: "slot_2026-12-02_10", Title: "Mié 2 dic, 10:00", Description: "Consulta general, 30 min"}}}),
		"interactive_nfm_reply": one(Message{Context: reply, ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzMTMzQzZEN0U4RjlBMEIxQzJEAA==", Timestamp: "1767017008", Type: TypeInteractive,
			Interactive: &InteractiveReply{Type: ReplyTypeNFM, NFMReply: &NFMReply{Name: "flow", Body: "Sent", ResponseJSON: `{"flow_token":"tok-42","appointment_date":"2026-12-02"}`}}}),
		"button": one(Message{Context: &Context{From: "34911222333", ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgARGBJGRkMwQjFBMkMzRDRFNUY2AA=="},
			ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzMjIyRDdFOEY5QTBCMUMyRDNFAA==", Timestamp: "1767017050", Type: TypeButton,
			Button: &QuickReply{Payload: "CONFIRM_42", Text: "Confirmar"}}),
		"reaction": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzMzExRThGOUEwQjFDMkQzRTRGAA==", Timestamp: "1767017060", Type: TypeReaction,
			Reaction: &Reaction{MessageID: outWamid, Emoji: "👍"}}),
		"reaction_removed": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzNDAwRjlBMEIxQzJEM0U0RjUwAA==", Timestamp: "1767017070", Type: TypeReaction,
			Reaction: &Reaction{MessageID: outWamid}}),
		"context_reply": one(Message{Context: reply, ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzNUZGQTBCMUMyRDNFNEY1MDYxAA==", Timestamp: "1767017080", Type: TypeText,
			Text: &Text{Body: "Sí, a las 10 me va bien"}}),
		"forwarded": one(Message{Context: &Context{Forwarded: true, FrequentlyForwarded: true}, ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzNkVFQjFDMkQzRTRGNTA2MTcyAA==",
			Timestamp: "1767017090", Type: TypeText, Text: &Text{Body: "Mira esta oferta que me han pasado"}}),
		"referral": {Contacts: []Contact{joao()}, Messages: []Message{{
			From: "5511987654321", FromUserID: "BR.7734019283746501", FromParentUserID: parentID,
			Referral: &Referral{SourceURL: "https://fb.me/3cX9aBcD1", SourceID: "120210987654321098", SourceType: "ad",
				Headline: "Revisión gratuita", Body: "Pide cita para la revisión de invierno", MediaType: "image",
				ImageURL:       "https://scontent.xx.fbcdn.net/v/t45.1600-4/revision.jpg",
				CtwaClid:       "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a",
				WelcomeMessage: &WelcomeMessage{Text: "¡Hola! ¿En qué podemos ayudarte?"}},
			ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzN0REQzJEM0U0RjUwNjE3MjgzAA==", Timestamp: "1767017100", Type: TypeText, Text: &Text{Body: "Quiero la revisión gratuita"},
		}}},
		"order": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzOENDRDNFNEY1MDYxNzI4Mzk0AA==", Timestamp: "1767017110", Type: TypeOrder,
			Order: &Order{CatalogID: "781234567890123", Text: "Para recoger el sábado", ProductItems: []ProductItem{
				{ProductRetailerID: "SKU-ACEITE-5W30", Quantity: 2, ItemPrice: 34.9, Currency: "EUR"},
				{ProductRetailerID: "SKU-FILTRO-01", Quantity: 1, ItemPrice: 12.5, Currency: "EUR"}}}}),
		"product_enquiry": one(Message{Context: &Context{From: "34911222333", ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgARGBJQUk9EVUNUTVNHMDEA",
			ReferredProduct: &ReferredProduct{CatalogID: "781234567890123", ProductRetailerID: "SKU-ACEITE-5W30"}},
			ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzOUJCRTRGNTA2MTcyODM5NEE1AA==", Timestamp: "1767017115", Type: TypeText, Text: &Text{Body: "¿Tenéis este en 1 litro?"}}),
		"system_number_changed": {Messages: []Message{fromAna(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQUFBRjUwNjE3MjgzOTRBNUI2AA==", Timestamp: "1767017120", Type: TypeSystem,
			System: &System{Body: "Ana Ruiz changed their phone number to a new number +34 600 999 888", Type: "customer_changed_number", WaID: "34600999888", UserID: anaBSUID}})}},
		"system_user_changed_user_id": {Messages: []Message{{FromUserID: anaBSUID, ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQUJCRjUwNjE3MjgzOTRBNUI3AA==", Timestamp: "1767017125", Type: TypeSystem,
			System: &System{Body: "User ES.1502576394655843 changed to ES.2093847561029384", Type: "user_changed_user_id", UserID: "ES.2093847561029384", ParentUserID: parentID}}}},
		"request_welcome": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQkJCMDYxNzI4Mzk0QTVCNkM3AA==", Timestamp: "1767017130", Type: TypeRequestWelcome}),
		"unsupported": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzQ0NDMTcyODM5NEE1QjZDN0Q4AA==", Timestamp: "1767017140", Type: TypeUnsupported,
			Unsupported: &Unsupported{Type: "poll"}, Errors: unsupportedErr}),
		"unknown": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzRERERjI4Mzk0QTVCNkM3RDhFOQA=", Timestamp: "1767017145", Type: TypeUnknown,
			Errors: []ErrorDetail{{Code: 131051, Title: "Unsupported message type", Details: "Message type is not currently supported"}}}),
		"new_type": one(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzRUVFMzk0QTVCNkM3RDhFOUYwAA==", Timestamp: "1767017148", Type: "event_rsvp"}),
		"username_only": {Contacts: []Contact{{Profile: Profile{Name: "Lucía", Username: "lucia.madrid"}, UserID: "ES.4417720938475610"}},
			Messages: []Message{{FromUserID: "ES.4417720938475610", ID: "wamid.HBgVRVMuNDQxNzcyMDkzODQ3NTYxMBUCABIYFDNGRkYwQTVCNkM3RDhFOUYwQTEA",
				Timestamp: "1767017150", Type: TypeText, Text: &Text{Body: "Hola, vi vuestro perfil @tallerdemo"}}}},
		"multi_message": {Contacts: []Contact{ana(), joao()}, Messages: []Message{
			fromAna(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzMTAxQTVCNkM3RDhFOUYwQTFCMgA=", Timestamp: "1767017200", Type: TypeText, Text: &Text{Body: "Buenos días"}}),
			fromAna(Message{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzMTAyQjZDN0Q4RTlGMEExQjJDMwA=", Timestamp: "1767017201", Type: TypeImage,
				Image: &InMedia{MimeType: "image/png", SHA256: "3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081", ID: "998877665544332"}}),
			{From: "5511987654321", FromUserID: "BR.7734019283746501", FromParentUserID: parentID, ID: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDMxMDNDN0Q4RTlGMEExQjJDM0Q0AA==",
				Timestamp: "1767017202", Type: TypeText, Text: &Text{Body: "Olá, ainda tem horário hoje?"}},
		}},
	}
}

// statusCases is the expected value of each status and error corpus file.
func statusCases() map[string]Value {
	no := false
	return map[string]Value{
		"status_sent": {Contacts: []Contact{ana()}, Statuses: []Status{{ID: outWamid, Status: StatusSent, Timestamp: "1767020000",
			RecipientID: anaPhone, RecipientUserID: anaBSUID, BizOpaqueCallbackData: "crm-msg-5012",
			Conversation: &Conversation{ID: "8a1f3c2b9d0e4f5a6b7c8d9e0f1a2b3c", ExpirationTimestamp: "1767106400", Origin: ConversationOrigin{Type: "service"}},
			Pricing:      &Pricing{Billable: &no, PricingModel: "PMP", Type: "free_customer_service", Category: "service"}}}},
		"status_delivered": {Contacts: []Contact{{Profile: Profile{Name: "Ana Ruiz"}, UserID: anaBSUID, ParentUserID: parentID}},
			Statuses: []Status{{ID: outWamid, Status: StatusDelivered, Timestamp: "1767020005", RecipientUserID: anaBSUID,
				RecipientParentUserID: parentID, RecipientType: "individual", BizOpaqueCallbackData: "crm-msg-5012",
				Pricing: &Pricing{PricingModel: "PMP", Type: "regular", Category: "utility"}}}},
		"status_read": {Contacts: []Contact{ana()}, Statuses: []Status{{ID: outWamid, Status: StatusRead, Timestamp: "1767020060",
			RecipientID: anaPhone, RecipientUserID: anaBSUID}}},
		"status_played": {Statuses: []Status{{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgARGBJWT0lDRTAxQUJDREVGMDEA", Status: StatusPlayed, Timestamp: "1767020090",
			RecipientID: anaPhone, RecipientUserID: anaBSUID}}},
		"status_failed": {Statuses: []Status{{ID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgARGBJGQUlMRUQwMUFCQ0RFRjAA", Status: StatusFailed, Timestamp: "1767020400",
			RecipientID: anaPhone, BizOpaqueCallbackData: "crm-msg-5013",
			Errors: []ErrorDetail{{Code: 131047, Title: "Re-engagement message", Message: "Re-engagement message",
				ErrorData: ErrorData{Details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
				Href:      "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}}}}},
		"errors": {Errors: []ErrorDetail{{Code: 131000, Title: "Something went wrong", Message: "Something went wrong",
			ErrorData: ErrorData{Details: "Message failed to send due to an unknown error. When setting a business public key, it either failed to calculate the signature, call the GraphQL endpoint, or the GraphQL endpoint returned an error."},
			Href:      "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}}},
	}
}

// rawHas is a tiny guard used by the corpus test for types this package does
// not model: their payload must still be reachable through Raw.
func rawHas(raw json.RawMessage, key string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	_, ok := m[key]
	return ok
}
