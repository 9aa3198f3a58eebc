from icp_triage.cli import main

main()
