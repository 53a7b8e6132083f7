package apidiag

import (
	"errors"
	"fmt"
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/service/cimg/ownership"
)

// importAddressNote explains the ADDRESS of a suggested terraform command:
// the provider never learns a resource's address, but Terraform prints it
// right below the diagnostic. Single quotes keep a for_each address such as
// didiyun_cimg_import.x["a"] whole in the shell.
const importAddressNote = "ADDRESS is the resource address Terraform shows with this message (after \"with\"), " +
	"kept in single quotes for the shell"

// importCommand is a runnable terraform import of one image.
func importCommand(region, uuid string) string {
	return fmt.Sprintf("  terraform import 'ADDRESS' %s/%s", region, uuid)
}

// outcomeHint says what is known about a create whose image could not be
// proven to be its own. It claims a lookup only when one ran.
func outcomeHint(err error) string {
	var unresolved *ownership.UnresolvedError
	if !errors.As(err, &unresolved) {
		if didiyun.IsOutcomeUnknown(err) {
			return "The request may have reached DiDi Cloud and taken effect. Check the console before applying again."
		}
		return ""
	}
	name, region := unresolved.Name, unresolved.RegionID
	const notResent = "The request was not sent again, so at most one image came of it. "
	switch {
	case unresolved.JobUUID != "":
		return fmt.Sprintf(notResent+"Find the image of job %s (the didiyun_cimgs data source with region_id = %q "+
			"and names = [%q], or the DiDi Cloud console) and import it, where %s:\n\n%s",
			unresolved.JobUUID, region, name, importAddressNote, importCommand(region, "<uuid>"))
	case !unresolved.Looked:
		return fmt.Sprintf(notResent+"Whether it made an image named %q in region %s is not known, since the "+
			"provider could not look for it. Before applying again, look for it: the didiyun_cimgs data source with "+
			"region_id = %q and names = [%q], or the DiDi Cloud console. The next plan reports any image with that "+
			"name, with the command that imports it.", name, region, region, name)
	case len(unresolved.Candidates) > 0:
		commands := make([]string, len(unresolved.Candidates))
		for i, img := range unresolved.Candidates {
			commands[i] = importCommand(region, img.UUID)
		}
		return fmt.Sprintf(notResent+"None of the images above is in state. If one of them is the copy this "+
			"resource should manage, import it, where %s:\n\n%s\n\nand delete the others in the DiDi Cloud console.",
			importAddressNote, strings.Join(commands, "\n"))
	default:
		return fmt.Sprintf(notResent+"No image named %q appeared in region %s, so it most likely made none: "+
			"apply again. Should one appear, the next plan reports it with the command that imports it.", name, region)
	}
}

// nameTakenHint words a name other images already carry, both when a plan
// finds it and when a create or rename does.
func nameTakenHint(e *ownership.NameTakenError) string {
	uuid := "<uuid>"
	if len(e.UUIDs) == 1 {
		uuid = e.UUIDs[0]
	}
	return fmt.Sprintf("An image name identifies one image in a region: it is how a create whose answer was lost "+
		"finds its image. To manage the existing image with this resource instead of making a new one, import "+
		"it, where %s:\n\n%s\n\n"+
		"If it is this resource's own old image being replaced under create_before_destroy, the new image is made "+
		"while the old one still carries the name: change `name` (for example to %q). Otherwise choose another name.",
		importAddressNote, importCommand(e.RegionID, uuid), e.Name+"-2")
}

// NameTakenAtPlan words a taken name a plan found. sure is false when the
// plan cannot tell a new resource from the replacement of its own tainted
// image (Terraform plans both alike, and deletes a tainted image first): the
// plan then only warns, and the apply refuses the name if it is still taken.
func (s Settings) NameTakenAtPlan(err *ownership.NameTakenError, sure bool) string {
	detail := "The name is taken: " + s.Detail(err)
	if sure {
		return detail
	}
	return detail + "\n\nIf that image is this resource's own, tainted or replaced with -replace, Terraform deletes " +
		"it before making the new one, and this warning needs nothing. Otherwise the apply stops at this name " +
		"before making anything."
}

// ReplacedUnderSameName warns, at plan time, of a replacement that keeps the
// old image's name: fine when the old image goes first, impossible under
// create_before_destroy. The provider cannot tell which Terraform will do.
func ReplacedUnderSameName(region, name, oldUUID string) (summary, detail string) {
	return "Replacement Keeps the Image Name",
		fmt.Sprintf("This plan replaces image %s in region %s with a new image of the same name, %q. Terraform "+
			"deletes the old image before it makes the new one, so the name is free again. With "+
			"create_before_destroy the new image is made first, and that fails because the old image still carries "+
			"the name: then change `name` (for example to %q) along with the change that forces the replacement.",
			oldUUID, region, name, name+"-2")
}
