package openapi

import (
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// Serve runs the endpoint on the call's account, with the cloud's lock held
// and the account's jobs brought up to the clock, and returns once what it
// changed, and anything it saw, is in the state file; err says why not.
// The caller has checked the token, the method and the body.
func (ep Endpoint) Serve(cl *cloud.Cloud, in *Call) (rep Reply, err error) {
	_, err = cl.Update(in.AccountID, func(a *cloud.Account) {
		rep = ep.handle(&call{Call: in, cloud: cl, acct: a})
	})
	return rep, err
}
