
÷


service.name	
hostile×
