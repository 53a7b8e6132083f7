package region

import (
	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// errorDetail adds to the shared wording, which names the settings in use,
// the one thing a region listing can get wrong on its own: the product code.
func errorDetail(settings apidiag.Settings, err error) string {
	detail := settings.Detail(err)
	switch didiyun.ErrorErrno(err) {
	case didiyun.ErrnoInvalidParameter, didiyun.ErrnoInvalidCall:
		detail += "\n\nCheck `product`: it must be a DiDi Cloud product code such as `dc2`."
	}
	return detail
}
