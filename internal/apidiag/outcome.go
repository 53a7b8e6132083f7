package apidiag

import (
	"errors"
	"fmt"
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
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
		return fmt.Sprintf(notResent+"No image named %q was listed in region %s before the time ran out, but "+
			"DiDi Cloud may list a new image late, so one may still appear. Look for it before applying again (the "+
			"didiyun_cimgs data source with region_id = %q and names = [%q], `terraform query` with a list block "+
			"of this type, or the DiDi Cloud console) and import it, where %s:\n\n%s\n\nOnce it is listed, a plan "+
			"that would make another image of that name fails, naming it.",
			name, region, region, name, importAddressNote, importCommand(region, "<uuid>"))
	}
}

// nameTakenHint words a name other images already carry, both when a plan
// finds it and when a create or rename does.
func nameTakenHint(e *ownership.NameTakenError) string {
	uuid := "<uuid>"
	if len(e.UUIDs) == 1 {
		uuid = e.UUIDs[0]
	}
	return fmt.Sprintf("A name identifies one image in a region (it is how a create whose answer was lost finds "+
		"its image). Choose another name, or manage that image with this resource by importing it, where %s:\n\n%s\n\n"+
		"(At apply, under create_before_destroy, the image a replacement replaces still carries its name: "+
		"give the new image another one, such as %q.)",
		importAddressNote, importCommand(e.RegionID, uuid), e.Name+"-2")
}

// NameTakenAtPlan words a name that images no resource in state holds
// already carry.
func (s Settings) NameTakenAtPlan(err *ownership.NameTakenError) string {
	return "The name is taken by an image this run has seen in no resource's state: " + s.Detail(err)
}

// cbdHint is what a replacement under create_before_destroy that keeps the
// name must do; Terraform never tells the provider about that setting.
func cbdHint(name string) string {
	return fmt.Sprintf("With create_before_destroy the new image is made first, while the old one still carries "+
		"the name, and the apply stops before making anything: give it another `name`, such as %q.", name+"-2")
}

// ReplacedUnderSameName warns, at plan time, of a replacement that keeps the
// old image's name: fine when the old image goes first, impossible under
// create_before_destroy. The provider cannot tell which Terraform will do.
func ReplacedUnderSameName(region, name, oldUUID string) (summary, detail string) {
	return "Replacement Keeps the Image Name",
		fmt.Sprintf("This plan replaces image %s in region %s with a new image of the same name, %q: Terraform "+
			"deletes the old image first, which frees the name.\n%s", oldUUID, region, name, cbdHint(name))
}

// HeldUnderSameName warns, at plan time, of a new image whose name an image
// in state carries: the resource's own tainted image, or another resource's.
func HeldUnderSameName(region, name, heldUUID string) (summary, detail string) {
	return "Image Name Held in State",
		fmt.Sprintf("Image %s, which a resource in state holds, carries the name %q in region %s. If it is this "+
			"resource's own tainted image, Terraform deletes it first, which frees the name.\n%s Otherwise the "+
			"resource holding it must give the name up first.", heldUUID, name, region, cbdHint(name))
}
