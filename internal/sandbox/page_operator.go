package sandbox

import "waba-transport/internal/sim"

// operatorSent is the answer to an operator's message: MessageGateway's id
// and what the module answered to the message_sent webhook.
type operatorSent struct {
	MGMessageID       int64  `json:"mg_message_id"`
	ExternalMessageID string `json:"external_message_id,omitempty"`
	Async             bool   `json:"async"`
	HTTPStatus        int    `json:"http_status"`
}

// chat is the chat the operator writes in: the one the module opened for the
// customer, or the customer's id before they ever wrote.
func (p *page) chat() string {
	chat := Customer.UserID
	for _, m := range p.e.CRM.Messages(p.e.ChannelID) {
		chat = m.ExternalChatID
	}
	return chat
}

// customerMessage reports whether externalID is a customer message in the chat.
func (p *page) customerMessage(externalID string) bool {
	for _, m := range p.e.CRM.Messages(p.e.ChannelID) {
		if externalID != "" && m.ExternalID == externalID {
			return true
		}
	}
	return false
}

// quotable reports whether externalID is a message of the chat the operator
// can quote: the customer's, or one of the operator's that reached WhatsApp.
func (p *page) quotable(externalID string) bool {
	if p.customerMessage(externalID) {
		return true
	}
	for _, op := range p.e.CRM.OperatorMessages(p.e.ChannelID) {
		if externalID != "" && op.ExternalID == externalID {
			return true
		}
	}
	return false
}

// operatorResult turns a simulated operator send into the page's answer.
func operatorResult(id int64, res sim.OperatorResult, err error) (operatorSent, error) {
	if err != nil {
		return operatorSent{}, upstream(err)
	}
	return operatorSent{MGMessageID: id, ExternalMessageID: res.ExternalMessageID, Async: res.Async,
		HTTPStatus: res.HTTPStatus}, nil
}
