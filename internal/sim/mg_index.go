package sim

// msgKey names something of a channel by a string: a message by its
// external id, or a chat by its external chat id.
type msgKey struct {
	channel int64
	key     string
}

// msgIndex indexes the messages the transport posted (CRM.messages), which
// are only ever appended; callers hold CRM.mu.
type msgIndex struct {
	byID       map[int64]*Message
	byExternal map[msgKey]*Message // MG refuses a second external_id in a channel
	lastOfChat map[msgKey]*Message // the newest message of each chat
}

func newMsgIndex() msgIndex {
	return msgIndex{byID: map[int64]*Message{}, byExternal: map[msgKey]*Message{}, lastOfChat: map[msgKey]*Message{}}
}

func (x msgIndex) add(m *Message) {
	x.byID[m.ID] = m
	x.byExternal[msgKey{m.ChannelID, m.ExternalID}] = m
	x.lastOfChat[msgKey{m.ChannelID, m.ExternalChatID}] = m
}

// find returns the channel's message ref names (by MG id, else by external
// id), or nil.
func (x msgIndex) find(channelID int64, ref msgRef) *Message {
	var m *Message
	switch {
	case ref.ID != nil:
		m = x.byID[*ref.ID]
	case ref.ExternalID != nil && *ref.ExternalID != "":
		m = x.byExternal[msgKey{channelID, *ref.ExternalID}]
	}
	if m == nil || m.ChannelID != channelID {
		return nil
	}
	return m
}
