package api

// PointInTimeRecoverySpecification turns point-in-time recovery on or off.
type PointInTimeRecoverySpecification struct {
	PointInTimeRecoveryEnabled *bool  `json:"PointInTimeRecoveryEnabled,omitempty"`
	RecoveryPeriodInDays       *int64 `json:"RecoveryPeriodInDays,omitempty"`
}

// UpdateContinuousBackupsInput changes a table's point-in-time recovery.
type UpdateContinuousBackupsInput struct {
	TableName                        string                            `json:"TableName"`
	PointInTimeRecoverySpecification *PointInTimeRecoverySpecification `json:"PointInTimeRecoverySpecification,omitempty"`
}

// UpdateContinuousBackupsOutput reports the settings after the change.
type UpdateContinuousBackupsOutput struct {
	ContinuousBackupsDescription *ContinuousBackupsDescription `json:"ContinuousBackupsDescription,omitempty"`
}

// DescribeContinuousBackupsInput names the table.
type DescribeContinuousBackupsInput struct {
	TableName string `json:"TableName"`
}

// DescribeContinuousBackupsOutput reports a table's backup settings.
type DescribeContinuousBackupsOutput struct {
	ContinuousBackupsDescription *ContinuousBackupsDescription `json:"ContinuousBackupsDescription,omitempty"`
}

// ContinuousBackupsDescription is a table's continuous backup settings.
type ContinuousBackupsDescription struct {
	ContinuousBackupsStatus        string                          `json:"ContinuousBackupsStatus"`
	PointInTimeRecoveryDescription *PointInTimeRecoveryDescription `json:"PointInTimeRecoveryDescription,omitempty"`
}

// PointInTimeRecoveryDescription is the point-in-time recovery status; the
// times and the period are present only while it is ENABLED.
type PointInTimeRecoveryDescription struct {
	PointInTimeRecoveryStatus  string   `json:"PointInTimeRecoveryStatus"`
	EarliestRestorableDateTime *float64 `json:"EarliestRestorableDateTime,omitempty"`
	LatestRestorableDateTime   *float64 `json:"LatestRestorableDateTime,omitempty"`
	RecoveryPeriodInDays       int64    `json:"RecoveryPeriodInDays,omitempty"`
}
