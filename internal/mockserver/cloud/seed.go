package cloud

import "time"

// Seeded ids. Several are the uuids of the official curl examples, so those
// examples answer errno 0 against a fresh mock.
const (
	// SeedImageBJ is ImportCIMG's example origin image: CentOS 7 in bj.
	SeedImageBJ = "4a48f88391134a01befe88ff98b68af8"
	// SeedImageBJ02 is the image of the ListCIMG example ("北京02" in bj).
	SeedImageBJ02 = "4a48f88391134a01befe88ff98b68a88"
	// SeedImageBJShared is shared with the account, so it cannot be copied.
	SeedImageBJShared = "5b1c9e2f7a3d4c6e8f0a1b2c3d4e5f60"
	// SeedImageGZ is ChangeNameCIMG's example image.
	SeedImageGZ = "cbdba09c4ad4475f9f3d399947aaa99e"
	// SeedImageGZDelete is DeleteCIMG's example image.
	SeedImageGZDelete = "579ddc8d6c364e6fa798698113260e6b"
	// SeedImageGZShared is shared with the account, so it cannot be copied.
	SeedImageGZShared = "6c2d0f3e8b4e5d7f9a1b2c3d4e5f6071"
	// SeedImageGZUbuntu is a plain Ubuntu image in gz.
	SeedImageGZUbuntu = "7d3e1a4f9c5f6e8a0b2c3d4e5f607182"

	// SeedSnapshotGZ is CreateCIMG's example snapshot.
	SeedSnapshotGZ = "3fd352092a3f553cb124223f6a7f09b4"
	// SeedSnapshotBJ is a snapshot in bj.
	SeedSnapshotBJ = "8e4f2b5a0d6a7f9b1c3d4e5f60718293"

	// SeedJobGZ is JobResult's example job: a finished ChangeEipOffering.
	SeedJobGZ = "c23fd05f26ef5b718507f1926a4271cc"
	// SeedJobGZResource is the resource of SeedJobGZ.
	SeedJobGZResource = "c9ade20c2f485a7ead08a895eb601e37"
)

// Seeded names, for tests that look images up by name.
const (
	SeedImageBJName       = "centos-7.9-base"
	SeedImageBJ02Name     = "北京02"
	SeedImageBJSharedName = "shared-ubuntu-20.04"
	SeedImageGZName       = "gz-web-base"
	SeedImageGZDeleteName = "gz-scratch"
	SeedImageGZSharedName = "shared-debian-10"
	SeedImageGZUbuntuName = "ubuntu-18.04-base"
)

const (
	gib         = int64(1) << 30
	centosSize  = 549899264 // the ListCIMG example's size
	ubuntuSize  = 612368384
	debianSize  = 478150656
	minDiskSize = 8 * gib // the ListCIMG example's requirement
)

// seedRegions are the regions and zones, the same for every account.
func seedRegions() []Region {
	return []Region{
		{AreaName: "华南地区", ID: "gz", Name: "广州", Zone: []Zone{
			{ID: "gz01", Name: "广州一区"},
			{ID: "gz02", Name: "广州二区"},
		}},
		{AreaName: "华北地区", ID: "bj", Name: "北京", Stage: "公测", Zone: []Zone{
			{ID: "bj01", Name: "北京一区"},
		}},
	}
}

// BackupStorages is the fixed list an image in a region reports; bj's is the
// ListCIMG example's.
func BackupStorages(regionID string) []BackupStorage {
	switch regionID {
	case "bj":
		return []BackupStorage{
			{BSUUID: "257ec36487cd4c36be2e2883b0363e97", DiskType: "HE", Name: "ceph-bj01-he", State: "Enabled", Status: "Connected", Type: "Ceph", Zone: "BJ01"},
			{BSUUID: "c1e6b5a214f5400082a55ad16fe4d005", DiskType: "SSD", Name: "S3-Backup-Storage", State: "Enabled", Status: "Connected", Type: "LocalStorage", Zone: "BJ01"},
			{BSUUID: "f51da6e463cb45cd81393a1d21198f18", DiskType: "SSD", Name: "ceph-bj01-ssd", State: "Enabled", Status: "Connected", Type: "Ceph", Zone: "BJ01"},
		}
	case "gz":
		return []BackupStorage{
			{BSUUID: "36a8d1f0b2c94e5f8a7b6c5d4e3f2a10", DiskType: "HE", Name: "ceph-gz01-he", State: "Enabled", Status: "Connected", Type: "Ceph", Zone: "GZ01"},
			{BSUUID: "47b9e2a1c3d05f6a9b8c7d6e5f4a3b21", DiskType: "SSD", Name: "ceph-gz01-ssd", State: "Enabled", Status: "Connected", Type: "Ceph", Zone: "GZ01"},
		}
	}
	return []BackupStorage{}
}

// seedImage fills the fields every seeded image shares.
func seedImage(regions []Region, uuid, cimgID, name, regionID string, created time.Time, os osInfo) Image {
	var zones []string
	for _, r := range regions {
		if r.ID == regionID {
			zones = r.ZoneIDs()
		}
	}
	return Image{
		CIMGUUID:       uuid,
		CIMGID:         cimgID,
		Name:           name,
		CreateTime:     millis(created),
		UpdateTime:     millis(created),
		Regions:        []string{regionID},
		Zones:          zones,
		Status:         ImageStatusReady,
		OSFamily:       os.family,
		OSVersion:      os.version,
		OSArch:         "64bit",
		Platform:       "Linux",
		Size:           os.size,
		Type:           "custom",
		Scenes:         []string{"base"},
		Requirement:    Requirement{MinDiskSize: minDiskSize},
		CheckState:     "uncheck",
		CIMGTags:       []string{},
		BackupStorages: BackupStorages(regionID),
	}
}

type osInfo struct {
	family, version string
	size            int64
}

var (
	centos7  = osInfo{"CentOS", "7", centosSize}
	ubuntu20 = osInfo{"Ubuntu", "20.04", ubuntuSize}
	ubuntu18 = osInfo{"Ubuntu", "18.04", ubuntuSize}
	debian10 = osInfo{"Debian", "10", debianSize}
)

// seedAccount builds the cloud an account starts from. Dates are fixed and
// in the past, so seeded images always list before new ones.
func (c *Cloud) seedAccount(id string) *Account {
	regions := c.regions
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) } //nolint:unparam // dates read better with the year

	bj02 := seedImage(regions, SeedImageBJ02, "cimg-cy58anir", SeedImageBJ02Name, "bj", time.UnixMilli(1603799470000), centos7)
	bj02.IsExternal = true
	bjShared := seedImage(regions, SeedImageBJShared, "cimg-sh4r3dbj", SeedImageBJSharedName, "bj", day(2020, 9, 1), ubuntu20)
	bjShared.IsShared = true
	gzShared := seedImage(regions, SeedImageGZShared, "cimg-sh4r3dgz", SeedImageGZSharedName, "gz", day(2020, 9, 2), debian10)
	gzShared.IsShared = true

	a := c.newAccount(id)
	a.changed.all = true
	for _, img := range []Image{
		seedImage(regions, SeedImageBJ, "cimg-c7base01", SeedImageBJName, "bj", day(2020, 10, 1), centos7),
		bj02,
		bjShared,
		seedImage(regions, SeedImageGZ, "cimg-gzweb001", SeedImageGZName, "gz", day(2020, 10, 20), centos7),
		seedImage(regions, SeedImageGZDelete, "cimg-gzscr001", SeedImageGZDeleteName, "gz", day(2020, 11, 5), centos7),
		gzShared,
		seedImage(regions, SeedImageGZUbuntu, "cimg-ubt18gz1", SeedImageGZUbuntuName, "gz", day(2020, 8, 15), ubuntu18),
	} {
		a.putImage(&Record{img: img})
	}
	for _, snap := range []Snapshot{
		{UUID: SeedSnapshotGZ, RegionID: "gz", OSFamily: "CentOS", OSVersion: "7", OSArch: "64bit", Platform: "Linux", Size: centosSize, MinDiskSize: minDiskSize},
		{UUID: SeedSnapshotBJ, RegionID: "bj", OSFamily: "Ubuntu", OSVersion: "18.04", OSArch: "64bit", Platform: "Linux", Size: ubuntuSize, MinDiskSize: minDiskSize},
	} {
		a.snapshots[snap.UUID] = snap
	}
	a.addJob(&job{
		view: Job{
			JobUUID:      SeedJobGZ,
			UUID:         SeedJobGZ,
			ResourceUUID: SeedJobGZResource,
			ResourceType: "eip",
			Type:         "ChangeEipOffering",
			Progress:     100,
			Done:         true,
			Success:      true,
			Status:       JobStatusSuccess,
		},
		regionID: "gz",
		started:  day(2020, 11, 1),
	})
	return a
}
