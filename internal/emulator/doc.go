// Package emulator is a local emulator of the UbiOps Organizations API
// (v2.1). It serves the eleven operations under /v2.1 with the same models,
// rules, status codes and rate-limit headers as the real service, so that the
// client, the provider's acceptance tests and users' own configurations can run
// without a UbiOps account.
//
// Besides the API it can add latency, enforce per-client rate limits and
// inject faults (5xx answers and dropped connections, before or after a write
// commits), and it counts the requests it receives per route so that tests can
// assert how many calls were made. Tests act "outside Terraform" through the
// Emulator's direct store methods (AddMember, RenameOrganization, ...).
//
// The emulator shares no code with the client package on purpose: its models
// describe what a server stores and returns, and disagreements with the client
// surface in tests.
package emulator
