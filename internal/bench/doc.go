// Package bench is the module's load benchmark (`waba-transport bench`). It
// runs the real module — `waba-transport serve`, one process per replica, so
// its memory and CPU are its own — against the simulators of package sim,
// drives it with load, and reports for each scenario: messages per second
// (accepted and end to end), webhook response latency and end-to-end latency
// (p50/p99), the module's peak memory (VmHWM) and CPU time, and how many
// messages were lost, duplicated or reordered.
//
// Scenarios:
//
//   - inbound: Cloud API webhooks of many numbers and chats, built here and
//     POSTed straight to the callback URL and secret header the module
//     registered at the simulated 360dialog (the simulator's own sender is
//     one synchronous post at a time, far too slow), until every message is
//     in the simulated MessageGateway. On SQLite, and on PostgreSQL with one
//     and with two replicas (webhooks alternate between the replicas).
//   - inbound at a fixed rate (1,000/s by default), for the latency and memory
//     targets, which are stated "at that load".
//   - passthrough: the same load on a relay with no storage at all (parse the
//     webhook, POST /messages to MessageGateway, answer), in its own process,
//     so the cost of durability is a ratio.
//   - outbound: operators' messages (message_sent webhooks posted by the
//     simulated CRM) for one number. The simulated 360dialog is wrapped in
//     Meta's throughput limit (80 messages in any second per number), which
//     the simulator itself does not model, so a module that sends too fast
//     gets 130429 refusals; they are counted.
//
// Every listener is on 127.0.0.1 and every load target is checked to be a
// loopback address; every scenario is bounded by its message count and a
// timeout. The speed targets of the issue are checked by the report itself
// (Report.Checks), never by unit tests.
package bench
