// Package mock has fakes of the app services for screen and command tests:
// each method calls the function field of the same name, so a test says
// exactly what the service returns.
package mock
