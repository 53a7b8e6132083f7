package admin

import (
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

func TestEveryKindMakesAValidRule(t *testing.T) {
	for _, kind := range faultKinds {
		if err := CheckRules([]FaultRule{{Kind: kind, Probability: 0.5, Endpoint: openapi.EndpointDeleteCIMG}}); err != nil {
			t.Errorf("a valid %s rule was refused: %v", kind, err)
		}
	}
	for _, kind := range []FaultKind{FaultErrno41026, FaultLost} {
		if !kind.valid() {
			t.Errorf("%s is not in faultKinds", kind)
		}
	}
}
