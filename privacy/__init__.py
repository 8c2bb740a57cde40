"""Personal data kept only as long as the rules say (R-DATA-1, R-TEST-7): retention rules as
admin data, the nightly purge, the complete data download, account deletion, the register."""
