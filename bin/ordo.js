#!/usr/bin/env node
import '../dist/ordo.js';
