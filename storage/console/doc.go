// Package console keeps the bureau console's files in its data folder:
// console.json (which hub, its pinned certificate, the last username;
// never a password nor a session token) and the cache of what the
// console fetched last, so it can show that while the hub cannot be
// reached. It depends on app only.
package console
