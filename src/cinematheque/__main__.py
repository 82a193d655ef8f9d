from cinematheque.cli import main

raise SystemExit(main())
